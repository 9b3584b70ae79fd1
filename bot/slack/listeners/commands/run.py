"""Turn a line of text into a reply: pick the sub-command, settle the language, run the handler."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from ...services import Services
from .request import CommandRequest, Surface
from .table import QUESTION, Route, resolve


async def prepare(
    services: Services,
    client: AsyncWebClient,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    text: str,
    surface: Surface,
    ask_slack: bool = True,
    raw: str = "",
    message_ts: str = "",
) -> tuple[Route, CommandRequest] | None:
    """The route and request for ``text`` (plain text). The language is the person's preference,
    else the sub-command word's or the question's language, else their Slack locale, else French.

    With ``ask_slack=False`` no Web API call is made: None means only the Slack locale can tell
    the language (the caller then acknowledges first and answers afterwards). ``raw`` is the
    text as Slack sent it (with its markup), for the handlers that need ids from it;
    ``message_ts`` the person's message when it is one in a channel (a mention).
    """
    route, args = resolve(text)
    hint = route.lang
    question = args if route is QUESTION else ""
    if ask_slack:
        lang = await services.reply_lang(client, team_id, user_id, hint=hint, text=question)
    else:
        maybe = await services.quick_lang(team_id, user_id, hint=hint, text=question)
        if maybe is None:
            return None
        lang = maybe
    request = CommandRequest(
        services=services,
        client=client,
        team_id=team_id,
        user_id=user_id,
        channel_id=channel_id,
        args=args,
        lang=lang,
        surface=surface,
        raw=raw or text,
        message_ts=message_ts,
    )
    return route, request
