"""``socialtip console``: try the Slack app without a workspace.

Each typed line goes through the real Bolt app as a signed Slack request: ``/socialtip ...`` as
a slash command, ``@socialtip ...`` as a mention in #general, ``home`` as opening the App Home,
anything else as a direct message. Slack's Web API is stood in for locally
(:class:`~bot.slack.standin.SlackStandIn`); what Slack would display is printed as text, its
formatting shown as formatting (:mod:`bot.slack.terminal`), with labelled buttons: type a label
(``b3``) to press that button or checkbox. Labels are never plain numbers, so "3" for a checklist's
step 3 presses nothing; a label whose message has changed since gets a one-line answer.

:func:`run_console` reads lines with ``readline`` (editing, history) while the app runs in a
thread of its own: Ctrl-C clears the line (twice in a row leaves), or stops what a line started;
Ctrl-D, ``quit`` or SIGTERM leave cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar

from slack_bolt.request.async_request import AsyncBoltRequest

from ..knowledge import KnowledgeBase
from ..storage.base import Store
from . import simulate
from .app import create_app
from .lifecycle import SHUTDOWN_SECONDS, Interrupted, Shutdown
from .standin import Message, SlackStandIn
from .tasks import BackgroundTasks
from .terminal import render_mrkdwn

logger = logging.getLogger(__name__)
T = TypeVar("T")

SECRET = "console-signing-secret"
USER = "UCONSOLE"
CHANNEL = "C0GENERAL"
DM = "DCONSOLE"
WAIT_SECONDS = 10.0

INTRO = """socialtip console: Slack without Slack.
  /socialtip [text]   a slash command (only you see the answer)
  @socialtip [text]   a mention in #general (answered in a thread)
  home                open the App Home tab
  b<number>           press the button or checkbox labelled [b<number>]
  anything else       a direct message to the app
  quit                leave (or Ctrl-D; Ctrl-C clears the line)"""


@dataclass
class _Button:
    message_ts: str
    action_id: str
    checked: bool | None  # a checkbox's new state when pressed; None for a button
    view: dict[str, Any] | None = None
    vote: str = "up"  # which of Slack's 👍/👎 feedback buttons


_LABEL = re.compile(r"\[?[bB](\d{1,9})\]?")


class Console:
    """The playground: the real app, a stand-in for Slack, and a printer."""

    def __init__(
        self, *, store: Store, kb: KnowledgeBase | None = None, out: TextIO = sys.stdout, color: bool = False
    ) -> None:
        self.store = store
        self.kb = kb
        self.out = out
        self.color = color
        self.standin = SlackStandIn(locales={USER: "fr-FR"})
        self.tasks = BackgroundTasks()
        self.buttons: dict[int, _Button] = {}
        self._numbers = itertools.count(1)
        self._on_screen: dict[str, list[int]] = {}  # message ts (or "view") -> its current labels
        self._gone: set[int] = set()  # labels of buttons no longer on screen
        self._printed: dict[str, int] = {}
        self._ts = itertools.count(1)
        self._views_shown = 0

    async def __aenter__(self) -> Console:
        await self.standin.start()
        self.app = create_app(
            store=self.store, token="xoxb-console", signing_secret=SECRET, api_url=self.standin.api_url,
            kb=self.kb, tasks=self.tasks,
        )  # fmt: skip
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.tasks.drain(5)
        await self.standin.stop()

    # Sending what Slack would send.
    async def _dispatch(self, body: str, content_type: str) -> tuple[int, str]:
        headers = {"content-type": content_type, **simulate.signed_headers(body, secret=SECRET)}
        response = await self.app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        return response.status, response.body

    async def line(self, text: str) -> None:
        """Handle one typed line and print what changed on screen."""
        text = text.strip()
        if not text:
            return
        label = _LABEL.fullmatch(text)
        if label:
            await self.press(int(label.group(1)))
        elif text.isdigit():
            self.say(f"({text} is not a button: buttons are pressed by their label, like b{text})")
            return
        elif text.lower().startswith("/socialtip"):
            await self.command(text[len("/socialtip") :].strip())
        elif text.lower().startswith("@socialtip"):
            await self.event(
                {"type": "app_mention", "text": f"<@{self.standin.bot_user_id}> {text[10:].strip()}"}
            )
        elif text.lower() in ("home", "accueil"):
            await self.event({"type": "app_home_opened", "tab": "home", "channel": DM}, home=True)
        else:
            await self.event({"type": "message", "channel_type": "im", "text": text}, dm=True)
        await self._settle()
        self.show()

    async def command(self, text: str) -> None:
        url = self.standin.response_url(CHANNEL)
        body = simulate.slash_command_body(text, user=USER, channel=CHANNEL, response_url=url)
        status, raw = await self._dispatch(body, "application/x-www-form-urlencoded")
        ack = json.loads(raw) if raw.startswith("{") else {}
        if ack.get("text") or ack.get("blocks"):
            shown = self.standin.add_message(CHANNEL, ack, ephemeral=ack.get("response_type") != "in_channel")
            self.standin.link_response_url(url, shown.ts)
        elif status != 200:
            print(f"(Slack would show an error: HTTP {status})", file=self.out)

    async def event(self, event: dict[str, Any], *, dm: bool = False, home: bool = False) -> None:
        ts = f"1800000000.{next(self._ts):06d}"
        event = {"user": USER, "ts": ts, "event_ts": ts, "channel": DM if dm else CHANNEL, **event}
        if not home:
            self.standin.messages[ts] = Message(
                ts, event["channel"], event.get("text", ""), [], ephemeral=False
            )
            self._printed[ts] = 0  # the person's own line is already on screen
        await self._dispatch(
            simulate.event_body(event, bot_user=self.standin.bot_user_id), "application/json"
        )

    def say(self, line: str) -> None:
        """One line from the console itself (not from Slack)."""
        print(line, file=self.out, flush=True)

    async def press(self, number: int) -> None:
        button = self.buttons.get(number)
        if number in self._gone:
            self.say(
                f"(b{number} is no longer on screen: its message changed since; press a button shown last)"
            )
            return
        if button is None:
            self.say(f"(there is no button b{number})")
            return
        if button.view is None and button.message_ts not in self.standin.messages:
            self.say(f"(b{number} is no longer on screen: its message is gone)")
            return
        if button.view is not None:
            message = Message("", "", "", button.view["blocks"])
            payload = simulate.block_actions_payload(
                message, button.action_id, user=USER, response_url="", view=button.view
            )
        else:
            message = self.standin.messages[button.message_ts]
            url = self.standin.response_url(message.channel, message.ts)
            payload = simulate.block_actions_payload(
                message,
                button.action_id,
                user=USER,
                response_url=url,
                checked=button.checked,
                vote=button.vote,
            )
        await self._dispatch(simulate.block_actions_body(payload), "application/x-www-form-urlencoded")

    async def _settle(self) -> None:
        try:
            await asyncio.wait_for(self.tasks.wait_idle(), WAIT_SECONDS)
        except TimeoutError:
            print("(still working…)", file=self.out)

    # Printing what Slack would display.
    def show(self) -> None:
        for message in list(self.standin.messages.values()):
            if self._printed.get(message.ts) == message.version + (1000 if message.deleted else 0):
                continue
            self._printed[message.ts] = message.version + (1000 if message.deleted else 0)
            self._print_message(message)
        published = self.standin.calls_to("views.publish")
        for call in published[self._views_shown :]:
            view = call.args["view"]
            view = json.loads(view) if isinstance(view, str) else view
            self._forget("view")
            self._print_blocks("App Home", view.get("blocks") or [], "", view=view)
        self._views_shown = len(published)

    def _forget(self, key: str) -> None:
        """The buttons last shown for ``key`` (a message ts, or "view") are no longer on screen."""
        for n in self._on_screen.pop(key, []):
            self.buttons.pop(n, None)
            self._gone.add(n)

    def _print_message(self, message: Message) -> None:
        where = "#general" if message.channel.startswith("C") else "DM"
        self._forget(message.ts)
        if message.deleted:
            print(f"\n(socialtip removed a message only you could see in {where})", file=self.out)
            return
        label = (
            f"socialtip, only visible to you, in {where}" if message.ephemeral else f"socialtip in {where}"
        )
        if message.thread_ts:
            label += " (in the thread)"
        if message.version:
            label += " — updated"
        self._print_blocks(label, message.blocks, message.ts, fallback=message.text)

    def _print_blocks(
        self,
        label: str,
        blocks: list[dict[str, Any]],
        message_ts: str,
        *,
        fallback: str = "",
        view: Any = None,
    ) -> None:
        w = self.out.write
        w(f"\n┌─ {label}\n")
        if not blocks:
            for line in self._text(fallback).split("\n"):
                w(f"│ {line}\n")
        for block in blocks:
            kind = block.get("type")
            if kind == "header":
                w(f"│ ■ {block['text']['text'].upper()}\n")
            elif kind == "divider":
                w("│ ────────────\n")
            elif kind == "section":
                text = self._text(block.get("text", {}).get("text", ""))
                accessory = block.get("accessory") or {}
                prefix = ""
                if accessory.get("type") == "checkboxes":
                    ticked = bool(accessory.get("initial_options"))
                    n = self._number(message_ts, accessory["action_id"], not ticked, view)
                    prefix = f"[b{n}] {'☑' if ticked else '☐'} "
                elif accessory.get("type") == "button":
                    n = self._number(message_ts, accessory["action_id"], None, view)
                    text += f"   [b{n}] {accessory['text']['text']}"
                for i, line in enumerate(text.split("\n")):
                    w(f"│ {prefix if i == 0 else ' ' * len(prefix)}{line}\n")
            elif kind == "context":
                for element in block.get("elements", []):
                    for line in self._text(element.get("text", "")).split("\n"):
                        w(f"│   {line}\n")
            elif kind == "actions":
                labels = []
                for element in block.get("elements", []):
                    n = self._number(message_ts, element["action_id"], None, view)
                    labels.append(f"[b{n}] {element['text']['text']}")
                w("│ " + "   ".join(labels) + "\n")
            elif kind == "context_actions":  # Slack's 👍/👎 feedback buttons
                labels = []
                for element in block.get("elements", []):
                    for vote, key in (("up", "positive_button"), ("down", "negative_button")):
                        if element.get(key):
                            n = self._number(message_ts, element["action_id"], None, view, vote)
                            labels.append(f"[b{n}] {element[key]['text']['text']}")
                w("│ " + "   ".join(labels) + "\n")
        w("└─\n")
        self.out.flush()

    def _text(self, mrkdwn: str) -> str:
        return render_mrkdwn(mrkdwn, color=self.color)

    def _number(
        self, message_ts: str, action_id: str, checked: bool | None, view: Any, vote: str = "up"
    ) -> int:
        n = next(self._numbers)
        self.buttons[n] = _Button(message_ts, action_id, checked, view, vote)
        self._on_screen.setdefault("view" if view is not None else message_ts, []).append(n)
        return n


PROMPT = "> "
LEAVE = ("quit", "exit", "q")


def run_console(
    *,
    db: str | None = None,
    kb: KnowledgeBase | None = None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> int:
    """Read lines from ``stdin`` until EOF, ``quit``, two Ctrl-C in a row or SIGTERM, and play them
    through the app (state in the TinyDB file ``db``, else in memory); returns the exit code."""
    interactive = stdin.isatty()
    if interactive and stdin is sys.stdin:
        import readline  # noqa: F401  (line editing and history for input())
    loop = asyncio.new_event_loop()

    def serve_app() -> None:
        # Signals go to the main thread, where input() waits: only there can they interrupt it.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        loop.run_forever()

    thread = threading.Thread(target=serve_app, name="socialtip-console-app", daemon=True)
    thread.start()

    def run(coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    console: Console | None = None
    with Shutdown(signals=(signal.SIGTERM,)), _nudged_on_signals():
        try:
            console = run(_open(db, kb, out, color=interactive and out.isatty()))
            print(INTRO, file=out, flush=True)
            _repl(console, loop, stdin, out, interactive=interactive)
        except Interrupted:
            pass
        finally:
            if console is not None:
                with contextlib.suppress(Exception, Interrupted):
                    run(_close(console), timeout=SHUTDOWN_SECONDS - 2)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=1)
    print("(bye)", file=out, flush=True)
    return 0


@contextlib.contextmanager
def _nudged_on_signals() -> Iterator[None]:
    """Make sure SIGINT and SIGTERM reach input().

    CPython's readline runs Python's signal handlers only when a signal interrupts its wait for a
    key; one arriving just before that wait (right after the prompt is drawn) would sit unhandled
    until the next key. A watcher thread learns of every signal (``signal.set_wakeup_fd``) and, a
    moment later, interrupts the main thread's wait with SIGUSR1 (handled, doing nothing), which
    makes readline run the pending handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    previous_fd = signal.set_wakeup_fd(write_end)
    previous_usr1 = signal.signal(signal.SIGUSR1, lambda signum, frame: None)
    main = threading.main_thread().ident
    wanted = {signal.SIGINT, signal.SIGTERM}

    def watch() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGUSR1})
        while True:
            try:
                data = os.read(read_end, 64)
            except OSError:
                return
            if not data:
                return
            if wanted & set(data) and main is not None:
                time.sleep(0.1)
                with contextlib.suppress(ProcessLookupError, OSError):
                    signal.pthread_kill(main, signal.SIGUSR1)

    watcher = threading.Thread(target=watch, name="socialtip-console-signals", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGUSR1, previous_usr1)
        os.close(write_end)
        os.close(read_end)


async def _open(db: str | None, kb: KnowledgeBase | None, out: TextIO, *, color: bool) -> Console:
    from ..storage.tinydb_store import TinyDBStore

    store = TinyDBStore(db) if db else TinyDBStore()
    console = Console(store=store, kb=kb, out=out, color=color)
    try:
        return await console.__aenter__()
    except BaseException:
        await store.close()
        raise


async def _close(console: Console) -> None:
    try:
        await console.__aexit__(None, None, None)
    finally:
        await console.store.close()


def _repl(
    console: Console, loop: asyncio.AbstractEventLoop, stdin: TextIO, out: TextIO, *, interactive: bool
) -> None:
    interrupted = False
    while True:
        try:
            if interactive:
                print(file=out)
                line = input(PROMPT)
            else:
                line = stdin.readline()
                if not line:
                    return
        except EOFError:  # Ctrl-D
            print(file=out)
            return
        except KeyboardInterrupt:  # Ctrl-C at the prompt: the line is dropped
            if interrupted:
                print(file=out)
                return
            interrupted = True
            print("^C\n(line cleared; Ctrl-C again, Ctrl-D or quit to leave)", file=out, flush=True)
            continue
        interrupted = False
        if line.strip().lower() in LEAVE:
            return
        future = asyncio.run_coroutine_threadsafe(console.line(line), loop)
        try:
            future.result()
        except KeyboardInterrupt:  # Ctrl-C while the app works on the line
            future.cancel()
            console.say("^C\n(interrupted)")
        except Exception as exc:  # never lose the session to one bad line
            logger.debug("console line failed", exc_info=exc)
            console.say(f"(that did not work: {type(exc).__name__}; the console goes on)")
