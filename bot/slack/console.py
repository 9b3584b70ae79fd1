"""``socialtip console``: try the Slack app without a workspace.

Each typed line goes through the real Bolt app as a signed Slack request: ``/socialtip ...`` as
a slash command, ``@socialtip ...`` as a mention in #general, ``home`` as opening the App Home,
anything else as a direct message. Slack's Web API is stood in for locally
(:class:`~bot.slack.standin.SlackStandIn`); what Slack would display is printed as text, with
numbered buttons: type the number to press one.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from slack_bolt.request.async_request import AsyncBoltRequest

from ..knowledge import KnowledgeBase
from ..storage.base import Store
from . import simulate
from .app import create_app
from .standin import Message, SlackStandIn
from .tasks import BackgroundTasks

SECRET = "console-signing-secret"
USER = "UCONSOLE"
CHANNEL = "C0GENERAL"
DM = "DCONSOLE"
WAIT_SECONDS = 10.0

INTRO = """socialtip console: Slack without Slack.
  /socialtip [text]   a slash command (only you see the answer)
  @socialtip [text]   a mention in #general (answered in a thread)
  home                open the App Home tab
  <number>            press that button or checkbox
  anything else       a direct message to the app
  quit                leave"""


@dataclass
class _Button:
    message_ts: str
    action_id: str
    checked: bool | None  # a checkbox's new state when pressed; None for a button
    view: dict[str, Any] | None = None
    vote: str = "up"  # which of Slack's 👍/👎 feedback buttons


def _plain(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Console:
    """The playground: the real app, a stand-in for Slack, and a printer."""

    def __init__(self, *, store: Store, kb: KnowledgeBase | None = None, out: TextIO = sys.stdout) -> None:
        self.store = store
        self.kb = kb
        self.out = out
        self.standin = SlackStandIn(locales={USER: "fr-FR"})
        self.tasks = BackgroundTasks()
        self.buttons: dict[int, _Button] = {}
        self._numbers = itertools.count(1)
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
        if text.isdigit():
            await self.press(int(text))
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

    async def press(self, number: int) -> None:
        button = self.buttons.get(number)
        if button is None:
            print(f"(no button [{number}])", file=self.out)
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
            self._print_blocks("App Home", view.get("blocks") or [], "", view=view)
        self._views_shown = len(published)

    def _print_message(self, message: Message) -> None:
        where = "#general" if message.channel.startswith("C") else "DM"
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
            w(f"│ {_plain(fallback)}\n")
        for block in blocks:
            kind = block.get("type")
            if kind == "header":
                w(f"│ ■ {block['text']['text'].upper()}\n")
            elif kind == "divider":
                w("│ ────────────\n")
            elif kind == "section":
                text = _plain(block.get("text", {}).get("text", ""))
                accessory = block.get("accessory") or {}
                prefix = ""
                if accessory.get("type") == "checkboxes":
                    ticked = bool(accessory.get("initial_options"))
                    n = self._number(message_ts, accessory["action_id"], not ticked, view)
                    prefix = f"[{n}] {'☑' if ticked else '☐'} "
                elif accessory.get("type") == "button":
                    n = self._number(message_ts, accessory["action_id"], None, view)
                    text += f"   [{n}] {accessory['text']['text']}"
                for i, line in enumerate(text.split("\n")):
                    w(f"│ {prefix if i == 0 else ' ' * len(prefix)}{line}\n")
            elif kind == "context":
                for element in block.get("elements", []):
                    for line in _plain(element.get("text", "")).split("\n"):
                        w(f"│   {line}\n")
            elif kind == "actions":
                labels = []
                for element in block.get("elements", []):
                    n = self._number(message_ts, element["action_id"], None, view)
                    labels.append(f"[{n}] {element['text']['text']}")
                w("│ " + "   ".join(labels) + "\n")
            elif kind == "context_actions":  # Slack's 👍/👎 feedback buttons
                labels = []
                for element in block.get("elements", []):
                    for vote, key in (("up", "positive_button"), ("down", "negative_button")):
                        if element.get(key):
                            n = self._number(message_ts, element["action_id"], None, view, vote)
                            labels.append(f"[{n}] {element[key]['text']['text']}")
                w("│ " + "   ".join(labels) + "\n")
        w("└─\n")
        self.out.flush()

    def _number(
        self, message_ts: str, action_id: str, checked: bool | None, view: Any, vote: str = "up"
    ) -> int:
        n = next(self._numbers)
        self.buttons[n] = _Button(message_ts, action_id, checked, view, vote)
        return n


async def run_console(*, store: Store, kb: KnowledgeBase | None = None, stdin: TextIO = sys.stdin) -> None:
    """Read lines from ``stdin`` until EOF or ``quit`` and play them through the app."""
    loop = asyncio.get_running_loop()
    async with Console(store=store, kb=kb) as console:
        print(INTRO, flush=True)
        while True:
            if stdin.isatty():
                print("\n> ", end="", flush=True)
            line = await loop.run_in_executor(None, stdin.readline)
            if not line or line.strip().lower() in ("quit", "exit", "q"):
                break
            await console.line(line)
