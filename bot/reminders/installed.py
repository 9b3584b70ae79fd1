"""Multi-workspace mode: each workspace's reminders go out with its own installation's bot token.

:func:`installed_client_factory` is the :data:`~bot.reminders.deliver.ClientFactory` of
multi-workspace mode. The factory is called synchronously per subscription, so the client it
returns looks the token up in the store on its first call; a workspace without an
installation gets Slack's ``not_authed`` error, which the delivery counts as failed (logged,
retried while the window lasts).

Limitation: lookups are by workspace id with no enterprise id, so an Enterprise Grid install
(keyed by enterprise too) is not found and its reminders fail with ``not_authed``.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from ..storage.base import Store
from .client import make_client
from .deliver import ClientFactory

logger = logging.getLogger(__name__)


class InstalledClient(AsyncWebClient):
    """An ``AsyncWebClient`` whose token is the bot token of ``team_id``'s installation."""

    def __init__(self, store: Store, team_id: str, **kwargs: Any) -> None:
        super().__init__(token=None, **kwargs)
        self._store = store
        self._team_id = team_id

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:  # type: ignore[override]
        if self.token is None:
            record = await self._store.find_installation(enterprise_id=None, team_id=self._team_id)
            if record is None or not record.bot_token:
                logger.warning("no installation for workspace %s: cannot call %s", self._team_id, api_method)
                response = AsyncSlackResponse(
                    client=self,
                    http_verb="POST",
                    api_url=self.base_url + api_method,
                    req_args={},
                    data={"ok": False, "error": "not_authed"},
                    headers={},
                    status_code=200,
                )
                raise SlackApiError(f"no installation for workspace {self._team_id}", response)
            self.token = record.bot_token
        return await super().api_call(api_method, **kwargs)


def installed_client_factory(store: Store, *, base_url: str) -> ClientFactory:
    """A client per workspace, with the reminders' retry policy (:func:`~bot.reminders.client.make_client`)."""
    template = make_client("", base_url=base_url)

    def factory(team_id: str) -> AsyncWebClient:
        return InstalledClient(
            store,
            team_id,
            base_url=template.base_url,
            timeout=template.timeout,
            retry_handlers=list(template.retry_handlers),
        )

    return factory
