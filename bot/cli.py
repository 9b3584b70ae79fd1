"""The ``socialtip`` command line: thin wrappers over the library, clean errors and exit codes.

Exit codes: 0 success, 1 a runtime error (e.g. a broken knowledge file), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .insights import Insights
    from .knowledge import KnowledgeBase

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _parser_with(parent: argparse.ArgumentParser) -> type[argparse.ArgumentParser]:
    """The subcommands' parser class: every subcommand also takes ``parent``'s options."""

    class SubParser(argparse.ArgumentParser):
        def __init__(self, **kwargs: object) -> None:
            kwargs["parents"] = [*kwargs.get("parents", ()), parent]  # type: ignore[misc]
            super().__init__(**kwargs)  # type: ignore[arg-type]

    return SubParser


class UsageError(Exception):
    """Bad usage: reported on stderr with exit code 2."""


def _load(args: argparse.Namespace) -> KnowledgeBase:
    from .knowledge import load_knowledge

    return load_knowledge(args.knowledge)


def _kb_check(args: argparse.Namespace) -> int:
    """Validate the knowledge files and print a coverage summary, the example questions' report
    and whether the stored search ranker is up to date."""
    from .knowledge.coverage import coverage, format_coverage
    from .knowledge.example_check import check_examples, format_examples
    from .knowledge.ranker import Ranker
    from .knowledge.search import MODEL_FILE, SearchIndex
    from .knowledge.training import fingerprint

    kb = _load(args)
    print(format_coverage(coverage(kb)))
    stored = Ranker.load(kb.root / MODEL_FILE)
    fresh = stored is not None and stored.fingerprint == fingerprint(kb.root)
    print()
    print(
        format_examples(
            check_examples(SearchIndex(kb, ranker=stored or Ranker.lexical_only())), every=args.all
        )
    )
    print()
    if fresh:
        print(f"Search ranker ({MODEL_FILE}) is up to date.")
    else:
        print(f"Search ranker ({MODEL_FILE}) is older than the knowledge files: run socialtip kb train")
    return EXIT_OK


def _kb_train(args: argparse.Namespace) -> int:
    """Fit the search ranker on the knowledge directory's questions and store it (ranker.json).

    Example: socialtip kb train --dev bench/realistic/dev.toml
    """
    from pathlib import Path

    from .knowledge.examples import labelled_questions
    from .knowledge.ranker import Ranker
    from .knowledge.search import MODEL_FILE, SearchIndex
    from .knowledge.training import fit_ranker

    kb = _load(args)
    index = SearchIndex(kb, ranker=Ranker.lexical_only())
    dev = labelled_questions(kb, Path(args.dev)) if args.dev else []
    ranker = fit_ranker(index, threshold_from=None, dev=dev)
    path = kb.root / MODEL_FILE
    ranker.save(path)
    print(f"{path}: {json.dumps(ranker.trained_on)}, threshold {ranker.threshold:.3f}")
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    """Answer a question with the best entries and their citations."""
    from .config import cache_dir
    from .knowledge.cache import load_index
    from .knowledge.smalltalk import small_talk
    from .messages import t
    from .render.text import render_entry_text

    question = " ".join(args.question).strip()
    if not question:
        raise UsageError('ask needs a question, e.g.: socialtip ask "faut-il un compte SAV séparé ?"')
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    index = load_index(args.knowledge, cache_dir=cache_dir())
    kb = index.kb
    result = index.search(question, lang=args.lang, limit=args.limit)
    lang = result.lang
    if args.json:
        payload = {
            "query": question,
            "lang": lang,
            "results": [
                {
                    "id": hit.entry.id,
                    "kind": hit.entry.kind,
                    "title": hit.entry.title(lang),
                    "text": hit.entry.text(lang),
                    "score": hit.score,
                    "sources": [
                        {
                            "article": c.article,
                            "quote": c.quote,
                            "date": kb.sources[c.article].date,
                            "date_is_estimate": kb.sources[c.article].date_is_estimate,
                            "quote_en": c.quote_en,
                        }
                        for c in hit.entry.sources
                    ],
                }
                for hit in result.hits
            ],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    chat = small_talk(question)
    if chat:
        print(t("small_talk_" + chat, lang), t("how_to_ask", lang))
        return EXIT_OK
    if not result.hits:
        print(t("no_answer", lang))
        near = result.near_topics()
        if near:
            print(t("near_topics", lang), ", ".join(kb.topics[topic].label(lang) for topic, _ in near))
        else:
            print(
                t("suggest_topics", lang, topics=", ".join(topic.label(lang) for topic in kb.topics.values()))
            )
        return EXIT_OK
    print(render_entry_text(result.hits[0].entry, kb, lang))
    if len(result.hits) > 1:
        print(f"\n{t('see_also', lang)}{' :' if lang == 'fr' else ':'}")
        for hit in result.hits[1:]:
            print(f"  - {hit.entry.title(lang)} ({hit.entry.id})")
    return EXIT_OK


def _tip(args: argparse.Namespace) -> int:
    """Show a tip, of a topic if one is given."""
    from .knowledge.browse import find_topic, pick_tip
    from .messages import t
    from .render.text import render_entry_text

    kb = _load(args)
    lang = args.lang or "fr"
    topic = None
    if args.topic:
        topic = find_topic(kb, args.topic)
        if topic is None:
            raise UsageError(t("no_topic", lang, topic=args.topic, topics=", ".join(kb.topics)))
    print(render_entry_text(pick_tip(kb, topic=topic), kb, lang))
    return EXIT_OK


def _checklist(args: argparse.Namespace) -> int:
    """Show a checklist by name, or list them."""
    from .knowledge.browse import find_checklist
    from .messages import t
    from .render.text import render_entry_text

    kb = _load(args)
    lang = args.lang or "fr"
    name = " ".join(args.name).strip()
    entry = find_checklist(kb, name) if name else None
    if entry is not None:
        print(render_entry_text(entry, kb, lang))
        return EXIT_OK
    listing = "\n".join(f"  {e.id:<40} {e.title(lang)}" for e in kb.of_kind("checklist"))
    if not name:
        print(f"{t('checklists_list', lang)}:\n{listing}")
        return EXIT_OK
    raise UsageError(f"{t('no_checklist', lang, name=name)}\n{listing}")


def _case(args: argparse.Namespace) -> int:
    """Show a brand example, or list them."""
    from .knowledge.browse import find_case
    from .messages import t
    from .render.text import render_entry_text

    kb = _load(args)
    lang = args.lang or "fr"
    brand = " ".join(args.brand).strip()
    entry = find_case(kb, brand) if brand else None
    if entry is not None:
        print(render_entry_text(entry, kb, lang))
        return EXIT_OK
    cases = kb.of_kind("case")
    if not brand:
        listing = "\n".join(f"  {e.brand:<14} {e.title(lang)}" for e in cases)
        print(f"{t('cases_list', lang)}:\n{listing}")
        return EXIT_OK
    raise UsageError(t("no_case", lang, name=brand, brands=", ".join(e.brand for e in cases)))


def _topics(args: argparse.Namespace) -> int:
    """List the topics with their number of entries."""
    from .messages import t

    kb = _load(args)
    lang = args.lang or "fr"
    print(f"{t('topics_list', lang)}:")
    for topic in kb.topics.values():
        count = sum(1 for e in kb.entries.values() if topic.id in e.topics)
        print(f"  {topic.id:<18} {topic.label(lang)} ({count})")
    return EXIT_OK


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=["fr", "en"], help="answer language (default: the question's, else fr)"
    )


def _reminders_run_due(args: argparse.Namespace) -> int:
    """Deliver the reminders due now (or at --now) and print {"due", "sent", "skipped", "failed"}.

    Example: socialtip reminders run-due --now 2026-03-30T09:00:00+02:00
    """
    import asyncio
    from datetime import UTC, datetime

    from .config import ConfigError, load_settings
    from .reminders.service import run_due_once
    from .storage import StoreUnavailable

    try:
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    except ValueError:
        raise UsageError(f"--now: not an ISO-8601 date and time: {args.now!r}") from None
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)  # a time without offset is UTC
    try:
        report = asyncio.run(run_due_once(load_settings(), now, kb=_load(args)))
    except (ConfigError, StoreUnavailable) as exc:
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(json.dumps(report))
    return EXIT_OK


def _insights(args: argparse.Namespace) -> int:
    """What the knowledge base is missing: the questions refused (grouped, with counts), how often
    each entry was the answer with its 👍/👎, and the entries rated 👎 most.

    Example: socialtip insights --team T0123ABCD --since 30 --json
    """
    import asyncio
    from datetime import UTC, datetime, timedelta

    from .config import ConfigError, load_settings
    from .insights import load_insights
    from .render.insights import insights_text
    from .storage import StoreUnavailable, connect_store

    if args.since is not None and args.since < 1:
        raise UsageError("--since must be a number of days, at least 1")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_ERROR
    days = args.since or settings.keep_questions_days
    since = (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0)

    async def read() -> Insights:
        store = await connect_store(settings.store_location)
        try:
            return await load_insights(store, team_id=args.team, since=since)
        finally:
            await store.close()

    try:
        insights = asyncio.run(read())
    except (StoreUnavailable, OSError, ValueError) as exc:
        print(
            f"socialtip: cannot read the store ({settings.store_location if not settings.database_url else 'DATABASE_URL'}): {exc}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.json:
        print(json.dumps(insights.to_json(), ensure_ascii=False))
        return EXIT_OK
    print(insights_text(insights, _load(args), args.lang or "fr", days=days, team_id=args.team))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """Serve the Slack app (Slack imports stay inside, so the other commands stay fast)."""
    from .slack.cli import serve

    return serve(mode=args.mode, port=args.port, log_level=args.log_level)


def _console(args: argparse.Namespace) -> int:
    """Try the Slack app locally, without Slack."""
    from .slack.cli import console

    return console(db=args.db, log_level=args.log_level)


def _run(args: argparse.Namespace) -> int:
    """Serve when Slack credentials are configured, else start the console."""
    from .slack.cli import run

    return run(log_level=args.log_level)


def _log_level_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    from .logs import LEVELS

    parser.add_argument(
        "--log-level",
        type=str.lower,
        choices=LEVELS,
        default=default,
        metavar="LEVEL",
        help=f"log level: {', '.join(LEVELS)} (default: $SOCIALTIP_LOG_LEVEL, else info for serve, "
        "warning otherwise)",
    )


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="socialtip",
        description="Cited social-media advice for marketing teams (French first, English too).",
    )
    parser.add_argument("--version", action="version", version=f"socialtip {__version__}")
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge directory (default: the repository's)")
    _log_level_option(parser, default=None)
    # --log-level is accepted after the command too (socialtip serve --log-level debug)
    common = argparse.ArgumentParser(add_help=False)
    _log_level_option(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_parser_with(common))

    ask = sub.add_parser(
        "ask",
        help="answer a question",
        description="Answer a question from the knowledge base, with its source.",
        epilog='example: socialtip ask --json "should customer support have its own handle?"',
    )
    _lang_option(ask)
    ask.add_argument("--limit", type=int, default=3, metavar="N", help="at most N results (default 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("question", nargs="*", metavar="QUESTION")
    ask.set_defaults(func=_ask)

    tip = sub.add_parser("tip", help="a tip, e.g.: socialtip tip --topic crisis")
    _lang_option(tip)
    tip.add_argument("--topic", metavar="T", help="a topic id or label (see: socialtip topics)")
    tip.set_defaults(func=_tip)

    checklist = sub.add_parser(
        "checklist", help="a checklist by name, or the list: socialtip checklist bad-buzz"
    )
    _lang_option(checklist)
    checklist.add_argument("name", nargs="*", metavar="ID")
    checklist.set_defaults(func=_checklist)

    case = sub.add_parser("case", help="a brand example, or the list: socialtip case oreo")
    _lang_option(case)
    case.add_argument("brand", nargs="*", metavar="BRAND")
    case.set_defaults(func=_case)

    topics = sub.add_parser("topics", help="the topics and their number of entries")
    _lang_option(topics)
    topics.set_defaults(func=_topics)

    kb = sub.add_parser("kb", help="knowledge base maintenance: socialtip kb check")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="ACTION")
    kb_sub.required = True
    check = kb_sub.add_parser("check", help="validate the knowledge files and print coverage")
    check.add_argument("--all", action="store_true", help="list every example question flagged")
    check.set_defaults(func=_kb_check)
    train = kb_sub.add_parser(
        "train",
        help="fit the search ranker on the example questions and store it (knowledge/ranker.json)",
        epilog="example: socialtip kb train --dev bench/realistic/dev.toml",
    )
    train.add_argument("--dev", metavar="FILE", help="labelled questions to choose the refusal threshold on")
    train.set_defaults(func=_kb_train)

    reminders = sub.add_parser("reminders", help="weekly reminders: socialtip reminders run-due")
    reminders_sub = reminders.add_subparsers(dest="reminders_command", metavar="ACTION")
    reminders_sub.required = True
    run_due = reminders_sub.add_parser(
        "run-due", help="deliver the reminders due now, once; prints a JSON summary (for cron)"
    )
    run_due.add_argument(
        "--now", metavar="ISO-8601", help="the instant to run at (default: now; UTC without offset)"
    )
    run_due.set_defaults(func=_reminders_run_due)

    insights = sub.add_parser(
        "insights",
        help="what the knowledge base is missing: refused questions, answers and their 👍/👎",
        description="The questions socialtip refused (grouped, with counts), how often each entry was "
        "the answer with its 👍/👎, and the entries rated 👎 most, from the store (SOCIALTIP_DB or DATABASE_URL).",
        epilog="example: socialtip insights --team T0123ABCD --since 30 --json",
    )
    _lang_option(insights)
    insights.add_argument("--team", metavar="T", help="one workspace's id (default: all workspaces)")
    insights.add_argument(
        "--since",
        type=int,
        metavar="DAYS",
        help="the last DAYS days (default: SOCIALTIP_KEEP_QUESTIONS_DAYS, 90)",
    )
    insights.add_argument("--json", action="store_true", help="print one JSON object")
    insights.set_defaults(func=_insights)

    serve = sub.add_parser(
        "serve",
        help="serve the Slack app: Socket Mode if SLACK_APP_TOKEN is set, else HTTP on $PORT",
        epilog="example: socialtip serve --http --port 3000",
    )
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument(
        "--http", dest="mode", action="store_const", const="http", help="HTTP mode (POST /slack/events)"
    )
    mode.add_argument("--socket", dest="mode", action="store_const", const="socket", help="Socket Mode")
    serve.add_argument("--port", type=int, help="HTTP port (default: $PORT, else 3000)")
    serve.set_defaults(func=_serve, mode=None)
    console = sub.add_parser("console", help="try the Slack app locally, without a workspace")
    console.add_argument("--db", metavar="FILE", help="keep state in this TinyDB file (default: in memory)")
    console.set_defaults(func=_console)
    run = sub.add_parser("run", help="serve if Slack credentials are configured, else the console")
    run.set_defaults(func=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from .knowledge import KnowledgeError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `socialtip` alone: what it can do
        parser.print_help()
        return EXIT_OK
    if args.command not in ("serve", "console", "run"):  # those set up logging for their mode
        from .config import ConfigError, log_level
        from .logs import setup_logging

        try:
            setup_logging(log_level(args.log_level, "warning"))
        except ConfigError as exc:
            print(f"socialtip: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeError as exc:
        print(f"socialtip: knowledge error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C before a command set up its own handling
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
