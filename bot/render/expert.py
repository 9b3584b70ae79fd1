"""Block Kit of "Ask the team": the button, the question posted to the experts, the answer modal.

When the articles have no good answer (or an answer is rated 👎) and the workspace named an
expert channel (``/socialtip expert #channel``), the reply offers "Ask the team". Pressing it
posts the question to that channel with an "Answer" button; its modal sends the expert's answer
to the asker by DM and adds it to the question's thread. Every piece of text people wrote is
escaped, so a question or an answer can never ping ``@channel`` or anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from ..knowledge import Lang
from ..messages import t
from .blocks import MAX_BLOCKS, MAX_BUTTON_VALUE, MAX_FALLBACK_TEXT, Reply, escape, shorten

ASK_TEAM = "socialtip_ask_team"
"""The "Ask the team" button (block ``ask_team``)."""
EXPERT_ANSWER = "socialtip_expert_answer"
"""The "Answer" button on a question posted to the expert channel."""
ANSWER_MODAL = "socialtip_expert_answer_modal"
"""The answer modal's ``callback_id``."""
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "answer_text"
MAX_ANSWER_CHARS = 3000
MAX_MODAL_QUESTION = 1500
MAX_METADATA = 3000
QUESTION_CHARS = 1500


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)  # verbatim: no channel names or links made up


def _quote(text: str, limit: int = QUESTION_CHARS) -> str:
    """``text`` escaped and shortened, as a Slack block quote."""
    return (
        "\n".join(f"> {line}" for line in escape(shorten(text, limit)).split("\n") if line.strip()) or "> …"
    )


def _encode_within(data: dict[str, Any], key: str, limit: int) -> str:
    """JSON of ``data`` within ``limit`` characters, shortening the text under ``key`` if needed."""
    text = str(data.get(key) or "")
    while True:
        raw = json.dumps({**data, key: text}, ensure_ascii=False, separators=(",", ":"))
        if len(raw) <= limit:
            return raw
        text = text[: max(0, len(text) - (len(raw) - limit) - 8)]


@dataclass(frozen=True, slots=True)
class AskValue:
    """What "Ask the team" carries: the question, the answer given (if any), the language and
    where the conversation is (``channel`` and ``ts`` of a message to link to, when public)."""

    question: str
    lang: Lang
    entry_id: str = ""
    channel: str = ""
    ts: str = ""

    def encode(self) -> str:
        data = {"q": self.question, "l": self.lang, "e": self.entry_id, "c": self.channel, "t": self.ts}
        return _encode_within(data, "q", MAX_BUTTON_VALUE)

    @classmethod
    def decode(cls, raw: str) -> AskValue:
        """Parse a button value; ``ValueError`` when it is not one of ours."""
        data = json.loads(raw)
        if not isinstance(data, dict) or not all(isinstance(data.get(k, ""), str) for k in "qlect"):
            raise ValueError("not an Ask the team value")
        lang: Lang = "en" if data.get("l") == "en" else "fr"
        return cls(data.get("q", ""), lang, data.get("e", ""), data.get("c", ""), data.get("t", ""))


@dataclass(frozen=True, slots=True)
class ExpertValue:
    """What the expert channel's "Answer" button (and then the modal) carries: who asked, the
    question and its language; in the modal also where the question was posted (its thread)."""

    asker: str
    question: str
    lang: Lang
    channel: str = ""
    ts: str = ""

    def encode(self, limit: int = MAX_BUTTON_VALUE) -> str:
        data = {"a": self.asker, "q": self.question, "l": self.lang, "c": self.channel, "t": self.ts}
        return _encode_within(data, "q", limit)

    @classmethod
    def decode(cls, raw: str) -> ExpertValue:
        """Parse a button value or modal metadata; ``ValueError`` when it is not one of ours."""
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("a"), str) or not data["a"]:
            raise ValueError("not an expert question value")
        if not all(isinstance(data.get(k, ""), str) for k in "qlct"):
            raise ValueError("not an expert question value")
        lang: Lang = "en" if data.get("l") == "en" else "fr"
        return cls(data["a"], data.get("q", ""), lang, data.get("c", ""), data.get("t", ""))


def ask_team_block(value: AskValue) -> Block:
    """The "Ask the team" button, in its own actions block so it sits beside any other buttons."""
    button = ButtonElement(text=t("btn_ask_team", value.lang), action_id=ASK_TEAM, value=value.encode())
    return ActionsBlock(block_id="ask_team", elements=[button])


def with_ask_team(reply: Reply, value: AskValue) -> Reply:
    """``reply`` with the "Ask the team" button added at its end (within Slack's 50 blocks)."""
    blocks = [b for b in reply.blocks if b.block_id != "ask_team"][: MAX_BLOCKS - 1]
    return Reply(text=reply.text, blocks=[*blocks, ask_team_block(value)])


def feedback_thanks(lang: Lang, ask: AskValue | None = None, *, text: str = "") -> Reply:
    """The thank-you for a vote (``text``, default the first vote's); after a 👎, with "Ask the
    team" when an expert channel is set."""
    text = text or t("feedback_thanks", lang)
    blocks: list[Block] = [SectionBlock(block_id="thanks", text=_md(escape(text)))]
    if ask is not None:
        more = t("feedback_ask_team", lang)
        blocks = [SectionBlock(block_id="thanks", text=_md(escape(f"{text} {more}"))), ask_team_block(ask)]
        text = f"{text} {more}"
    return Reply(text=text, blocks=blocks)


def expert_question(
    asker: str, ask: AskValue, *, answer_title: str = "", permalink: str = "", answer_value: str
) -> Reply:
    """The question as posted to the expert channel: who asks, the question (escaped), the
    answer the articles gave (if any), a link to the conversation, and the "Answer" button."""
    lang = ask.lang
    question = ask.question or answer_title
    head = t("expert_asks", lang, user=f"<@{asker}>")
    blocks: list[Block] = [SectionBlock(block_id="question", text=_md(f"{head}\n{_quote(question)}"))]
    notes = []
    if answer_title:
        notes.append(t("expert_answer_given", lang, title=escape(shorten(answer_title, 200))))
    else:
        notes.append(t("expert_no_answer_given", lang))
    if permalink.startswith("https://"):
        notes.append(f"<{permalink}|{escape(t('expert_see_conversation', lang))}>")
    blocks.append(ContextBlock(block_id="about", elements=[_md(" · ".join(notes))]))
    button = ButtonElement(
        text=t("btn_expert_answer", lang), action_id=EXPERT_ANSWER, value=answer_value, style="primary"
    )
    blocks.append(ActionsBlock(block_id="expert_actions", elements=[button]))
    fallback = t("expert_asks_plain", lang, question=shorten(question, 200))
    return Reply(text=escape(shorten(fallback, MAX_FALLBACK_TEXT)), blocks=blocks)


def answer_modal(value: ExpertValue) -> View:
    """The modal an expert types the answer in; ``value`` (who asked, where) rides in its metadata."""
    lang = value.lang
    return View(
        type="modal",
        callback_id=ANSWER_MODAL,
        title=PlainTextObject(text=t("modal_answer_title", lang)),
        submit=PlainTextObject(text=t("modal_answer_submit", lang)),
        close=PlainTextObject(text=t("modal_answer_close", lang)),
        private_metadata=value.encode(MAX_METADATA),
        blocks=[
            SectionBlock(
                block_id="question",
                text=_md(
                    t("expert_asks", lang, user=f"<@{value.asker}>")
                    + "\n"
                    + _quote(value.question, MAX_MODAL_QUESTION)
                ),
            ),
            InputBlock(
                block_id=ANSWER_BLOCK,
                label=PlainTextObject(text=t("modal_answer_label", lang)),
                hint=PlainTextObject(text=t("modal_answer_hint", lang)),
                element=PlainTextInputElement(
                    action_id=ANSWER_INPUT, multiline=True, max_length=MAX_ANSWER_CHARS
                ),
            ),
        ],
    )


def answer_for_asker(expert: str, value: ExpertValue, answer: str) -> Reply:
    """The expert's answer, by DM to the person who asked (the answer escaped)."""
    lang = value.lang
    head = t("expert_answered_you", lang, user=f"<@{expert}>")
    blocks: list[Block] = [
        SectionBlock(block_id="question", text=_md(f"{head}\n{_quote(value.question, 500)}")),
        SectionBlock(block_id="answer", text=_md(escape(shorten(answer, MAX_ANSWER_CHARS)))),
    ]
    fallback = t("expert_answered_you_plain", lang, answer=shorten(answer, 500))
    return Reply(text=escape(fallback), blocks=blocks)


def answer_in_thread(expert: str, value: ExpertValue, answer: str) -> Reply:
    """The expert's answer in the question's thread, saying it went to the asker."""
    lang = value.lang
    head = t("expert_answer_sent", lang, user=f"<@{expert}>", asker=f"<@{value.asker}>")
    blocks: list[Block] = [
        SectionBlock(
            block_id="answer", text=_md(f"{head}\n{escape(shorten(answer, MAX_ANSWER_CHARS - 200))}")
        )
    ]
    return Reply(text=escape(shorten(answer, 500)), blocks=blocks)
