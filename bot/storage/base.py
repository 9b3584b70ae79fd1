"""The storage interface: what socialtip remembers, whatever the backend keeps it in.

Every record is keyed by workspace (``team_id``) so no workspace ever sees another's data.
Each method returns only once the change is durable (on disk, committed): callers tell the
user "done" after the call returns.
"""

from __future__ import annotations

from typing import Literal, Protocol

Vote = Literal["up", "down"]


class Store(Protocol):
    """What the Slack app and the reminders need to remember."""

    # People's preferences and tip rotation.
    async def get_user_lang(self, team_id: str, user_id: str) -> str | None:
        """The language the person chose with ``/socialtip lang``, if any."""

    async def set_user_lang(self, team_id: str, user_id: str, lang: str) -> None: ...

    async def get_last_tip(self, team_id: str, user_id: str) -> str | None:
        """The id of the last tip shown to this person (so the next one differs)."""

    async def set_last_tip(self, team_id: str, user_id: str, entry_id: str) -> None: ...

    # Feedback on answers.
    async def add_feedback(
        self, *, team_id: str, user_id: str, entry_id: str, question: str, vote: Vote
    ) -> None: ...

    # Checklist state belongs to a channel (or a DM), shared by everyone in it.
    async def get_checklist_ticks(self, team_id: str, channel_id: str, checklist_id: str) -> set[int]:
        """The indexes (0-based) of the steps ticked in this channel."""

    async def set_checklist_ticks(
        self, team_id: str, channel_id: str, checklist_id: str, ticked: set[int]
    ) -> None: ...

    # Events API retries: remember which events were already handled.
    async def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is claimed, False for every later claim."""

    # Uninstall / token revocation.
    async def delete_team(self, team_id: str) -> None:
        """Forget everything about a workspace."""

    async def close(self) -> None: ...
