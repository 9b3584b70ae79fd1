"""``/socialtip expert #channel | off``: the channel where the team's experts answer.

With an expert channel set, every "no good answer" reply and every answer rated 👎 offers "Ask
the team", which posts the question there (``listeners/actions/ask_team.py``). The command's
``should_escape`` is on in the manifest, so Slack sends the channel as ``<#C…|name>``; an install
made with an older manifest sends a plain ``#name``, which is looked up (``conversations.list``).
Either way ``conversations.info`` then checks that socialtip can post there.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from ....knowledge.text import fold
from ....messages import t
from ....render.blocks import Reply, escape
from .ask import ask
from .request import CommandRequest

logger = logging.getLogger(__name__)

SLACK_SECONDS = 2.0
"""At most this long for the Web API calls, so the command's ack stays within Slack's 3 s."""
MAX_LIST_PAGES = 10
OFF_WORDS = frozenset({"off", "stop", "aucun", "aucune", "non", "none", "no", "desactiver", "disable"})
_CHANNEL_REF = re.compile(r"<#([CG][A-Z0-9]{2,30})(?:\|([^>]*))?>")
_CHANNEL_NAME = re.compile(r"^#?([a-z0-9][a-z0-9_\-\u00c0-\u024f.]{0,79})$")


class ChannelProblem(Exception):
    """The channel can't be used; the message (already localised) says why."""


def _reply(text: str) -> Reply:
    """Our own text (ids of channels and people, echoed words escaped): mentions stay live."""
    return Reply(text=text, blocks=[SectionBlock(block_id="expert", text=MarkdownTextObject(text=text))])


async def expert(req: CommandRequest) -> Reply:
    """Show, set or turn off the workspace's expert channel."""
    store = req.services.store
    words = req.args.strip()
    if not words:
        current = await store.get_expert_channel(req.team_id)
        return _reply(
            t("expert_status", req.lang, channel=current) if current else t("expert_none", req.lang)
        )
    if fold(words.lower()) in OFF_WORDS:
        await store.set_expert_channel(req.team_id, None)
        return _reply(t("expert_off", req.lang))
    ref = _CHANNEL_REF.search(req.raw)
    name_match = _CHANNEL_NAME.match(words.lower())
    if ref is None and (name_match is None or not words.startswith("#")):
        # "expert en community management ?" is a question, not a channel.
        req.args = f"expert {words}"
        return await ask(req)
    try:
        async with asyncio.timeout(SLACK_SECONDS):
            if ref is not None:
                channel_id = ref.group(1)
            else:
                assert name_match is not None
                channel_id = await _find_by_name(req, name_match.group(1))
            await _check_channel(req, channel_id)
    except ChannelProblem as problem:
        return _reply(str(problem))
    except (TimeoutError, SlackApiError) as exc:
        logger.warning("could not check the expert channel: %s", _error(exc))
        if _error(exc) == "missing_scope":  # an app made from an older manifest, not reinstalled
            return _reply(t("expert_missing_scope", req.lang))
        return _reply(t("expert_unknown_channel", req.lang, name=escape(words[:80])))
    await store.set_expert_channel(req.team_id, channel_id)
    req.later(lambda: _announce(req, channel_id))
    return _reply(t("expert_set", req.lang, channel=channel_id))


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return type(exc).__name__


async def _find_by_name(req: CommandRequest, name: str) -> str:
    """The id of the channel called ``name`` (public, or private with socialtip in it)."""
    cursor: str | None = None
    for _ in range(MAX_LIST_PAGES):
        resp = await req.client.conversations_list(
            types="public_channel,private_channel", exclude_archived=True, limit=1000, cursor=cursor
        )
        for channel in resp.get("channels") or []:
            if channel.get("name") == name:
                return str(channel["id"])
        cursor = ((resp.get("response_metadata") or {}).get("next_cursor")) or None
        if not cursor:
            break
    raise ChannelProblem(t("expert_unknown_channel", req.lang, name=escape("#" + name)))


async def _check_channel(req: CommandRequest, channel_id: str) -> None:
    """ChannelProblem unless socialtip can post in ``channel_id``."""
    try:
        resp = await req.client.conversations_info(channel=channel_id)
    except SlackApiError as exc:
        if exc.response.get("error") in ("channel_not_found", "not_in_channel"):
            raise ChannelProblem(t("expert_unknown_channel", req.lang, name=f"<#{channel_id}>")) from exc
        raise
    channel: dict[str, Any] = resp.get("channel") or {}
    if channel.get("is_archived"):
        raise ChannelProblem(t("expert_archived", req.lang, channel=channel_id))
    if channel.get("is_private") and not channel.get("is_member"):
        raise ChannelProblem(t("expert_private_not_member", req.lang, channel=channel_id))


async def _announce(req: CommandRequest, channel_id: str) -> None:
    """Tell the expert channel what it is for; the person already has the confirmation."""
    try:
        await req.client.chat_postMessage(
            channel=channel_id, text=t("expert_announce", req.lang, user=req.user_id)
        )
    except SlackApiError as exc:
        logger.warning("could not announce the expert channel: %s", exc.response.get("error"))
