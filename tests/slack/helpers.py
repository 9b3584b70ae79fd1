"""Reading what the app showed: the texts and buttons of a message, and Slack-validity checks."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block

from bot.render.blocks import limit_problems
from bot.slack.standin import Message, SlackStandIn


def blocks_of(message: Message | dict[str, Any]) -> list[dict[str, Any]]:
    return message.blocks if isinstance(message, Message) else list(message.get("blocks") or [])


def all_text(message: Message | dict[str, Any]) -> str:
    """Every piece of text a person would read in the message."""
    out: list[str] = [message.text if isinstance(message, Message) else message.get("text", "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(node.get("text", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks_of(message))
    return "\n".join(out)


def header(message: Message | dict[str, Any]) -> str:
    """The title of an entry message (its header block)."""
    return next(b["text"]["text"] for b in blocks_of(message) if b["type"] == "header")


def action_ids(message: Message | dict[str, Any]) -> list[str]:
    ids = []
    for block in blocks_of(message):
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("action_id"):
                ids.append(element["action_id"])
    return ids


def ticked_steps(message: Message | dict[str, Any]) -> set[int]:
    """The checklist steps shown ticked."""
    return {
        int(b["block_id"].split("|")[2])
        for b in blocks_of(message)
        if b.get("block_id", "").startswith("cl|") and b["accessory"].get("initial_options")
    }


def assert_valid(message: Message | dict[str, Any]) -> None:
    """Within Slack's limits, with a plain-text fallback, and every block valid for ``slack_sdk.models``."""
    payload = {"text": message.text, "blocks": message.blocks} if isinstance(message, Message) else message
    assert limit_problems(payload) == []
    assert_blocks_valid(blocks_of(payload))


def assert_blocks_valid(blocks: Any) -> None:
    """Each block parses as a known ``slack_sdk.models`` block and passes its Block Kit validation."""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None and type(block) is not Block, f"unknown block type {raw.get('type')!r}"
        block.validate_json()  # raises SlackObjectFormationError
        assert block.to_dict() == raw, f"slack_sdk reads the block differently: {raw}"


def everything_sent(standin: SlackStandIn) -> str:
    """Every argument of every Web API and response_url call, as JSON text."""
    return json.dumps([c.args for c in standin.calls], ensure_ascii=False)
