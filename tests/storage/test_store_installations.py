"""Installations and OAuth states: behaviour every backend must share (see conftest's ``store``)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.base import InstallationRecord, Store

NOW = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def install(
    team: str | None = "T1",
    *,
    user: str = "U1",
    enterprise: str | None = None,
    token: str = "xoxb-t1",
    at: float = 1_000.0,
    org: bool = False,
) -> InstallationRecord:
    return InstallationRecord(
        enterprise_id=enterprise,
        team_id=team,
        user_id=user,
        is_enterprise_install=org,
        bot_token=token,
        installed_at=at,
        data={"app_id": "A1", "bot_scopes": "chat:write,commands", "team_name": f"team {team}"},
    )


async def test_an_installation_is_found_by_its_workspace_with_all_its_data(store: Store) -> None:
    assert await store.find_installation(enterprise_id=None, team_id="T1") is None
    await store.save_installation(install("T1", token="xoxb-one"))
    found = await store.find_installation(enterprise_id=None, team_id="T1")
    assert found == install("T1", token="xoxb-one")
    assert await store.find_installation(enterprise_id=None, team_id="T2") is None
    assert await store.find_installation(enterprise_id="E1", team_id="T1") is None


async def test_the_latest_installation_wins_and_each_installer_keeps_theirs(store: Store) -> None:
    await store.save_installation(install("T1", user="U1", token="xoxb-old", at=1_000.0))
    await store.save_installation(install("T1", user="U2", token="xoxb-new", at=2_000.0))
    latest = await store.find_installation(enterprise_id=None, team_id="T1")
    assert latest is not None and latest.bot_token == "xoxb-new"
    mine = await store.find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert mine is not None and mine.bot_token == "xoxb-old"
    assert await store.find_installation(enterprise_id=None, team_id="T1", user_id="U3") is None
    # Reinstalling by the same person replaces their record rather than adding one.
    await store.save_installation(install("T1", user="U1", token="xoxb-again", at=3_000.0))
    latest = await store.find_installation(enterprise_id=None, team_id="T1")
    assert latest is not None and latest.bot_token == "xoxb-again"
    assert await store.delete_installations(enterprise_id=None, team_id="T1") == 2


async def test_an_org_wide_install_is_found_from_any_of_its_workspaces(store: Store) -> None:
    await store.save_installation(install(None, enterprise="E1", org=True, token="xoxb-org"))
    found = await store.find_installation(enterprise_id="E1", team_id="T9", is_enterprise_install=True)
    assert found is not None and found.bot_token == "xoxb-org" and found.is_enterprise_install
    # Not a workspace-level install of T9, and not another org's.
    assert await store.find_installation(enterprise_id="E1", team_id="T9") is None
    assert await store.find_installation(enterprise_id="E2", team_id="T9", is_enterprise_install=True) is None


async def test_deleting_a_workspace_installations_leaves_the_others(store: Store) -> None:
    await store.save_installation(install("T1", user="U1"))
    await store.save_installation(install("T1", user="U2"))
    await store.save_installation(install("T2", user="U1", token="xoxb-t2"))
    assert await store.delete_installations(enterprise_id=None, team_id="T1", user_id="U2") == 1
    assert await store.find_installation(enterprise_id=None, team_id="T1", user_id="U2") is None
    assert await store.find_installation(enterprise_id=None, team_id="T1", user_id="U1") is not None
    assert await store.delete_installations(enterprise_id=None, team_id="T1") == 1
    assert await store.find_installation(enterprise_id=None, team_id="T1") is None
    other = await store.find_installation(enterprise_id=None, team_id="T2")
    assert other is not None and other.bot_token == "xoxb-t2"
    assert await store.delete_installations(enterprise_id=None, team_id="T1") == 0


async def test_delete_team_keeps_installations_apart_from_workspace_data(store: Store) -> None:
    await store.save_installation(install("T1"))
    await store.set_user_lang("T1", "U1", "en")
    await store.delete_team("T1")
    assert await store.get_user_lang("T1", "U1") is None
    assert await store.find_installation(enterprise_id=None, team_id="T1") is not None
