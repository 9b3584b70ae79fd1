"""The ``socialtip`` command line: thin wrappers over the library, clean errors and exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _kb_check(args: argparse.Namespace) -> int:
    """Validate the knowledge files and print a coverage summary."""
    from .knowledge import KnowledgeError, load_knowledge
    from .knowledge.coverage import coverage, format_coverage

    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(format_coverage(coverage(kb)))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialtip",
        description="Cited social-media advice for marketing teams (French first, English too).",
    )
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge directory (default: ./knowledge)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    kb = sub.add_parser("kb", help="knowledge base maintenance")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="ACTION")
    kb_sub.required = True
    check = kb_sub.add_parser("check", help="validate the knowledge files and print coverage")
    check.set_defaults(func=_kb_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
