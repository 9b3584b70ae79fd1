"""Multi-workspace mode over real HTTP: Bolt's install flow against the Web API stand-in
(``oauth.v2.access``), then signed requests from each installed workspace."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from bot.config import load_settings
from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.messages import t
from bot.reminders.deliver import run_due
from bot.reminders.service import client_factory
from bot.slack import simulate
from bot.slack.oauth import BOT_SCOPES, OAuthCredentials
from bot.storage import connect_store
from bot.storage.base import Store, Subscription
from bot.storage.tinydb_store import TinyDBStore
from tests.reminders.standin import ReminderStandIn
from tests.support.postgres import fresh_database, server_url
from tests.support.serve import finish, serve_env, serve_port, spawn_socialtip
from tests.support.slack import Message, SlackStandIn, SlackTestApp, serve_app, signed_headers

from .helpers import all_text, ticked_steps
from .test_processes import SOCIALTIP, clean_env

CREDENTIALS = OAuthCredentials("1111.2222", "test-client-secret", "test-state-secret")
COOKIE = "slack-app-oauth-state"
MONDAY_9_PARIS = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Workspaces:
    """The app in multi-workspace mode, served over HTTP, and what drives it like Slack would."""

    slack: SlackTestApp
    standin: ReminderStandIn
    store: Store

    async def start_install(self) -> tuple[int, str, str | None]:
        """GET /slack/install: (status, Location, the state cookie set in the browser)."""
        async with self.slack.session.get(self.slack.base_url + "/slack/install", allow_redirects=False) as r:
            cookie = r.cookies.get(COOKIE)
            return r.status, r.headers.get("Location", ""), cookie.value if cookie else None

    async def redirect(self, *, code: str, state: str, cookie: str | None) -> tuple[int, str]:
        """Slack sending the browser back to /slack/oauth_redirect after the person approved."""
        headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
        url = self.slack.base_url + "/slack/oauth_redirect"
        params = {"code": code, "state": state}
        async with self.slack.session.get(url, params=params, headers=headers, allow_redirects=False) as r:
            return r.status, await r.text()

    async def install(self, team: str) -> str:
        """The whole install in ``team``; returns the bot token Slack issued for it."""
        status, location, cookie = await self.start_install()
        assert status == 302 and cookie
        state = parse_qs(urlsplit(location).query)["state"][0]
        status, _ = await self.redirect(code=self.standin.install_code(team), state=state, cookie=cookie)
        assert status == 200
        return next(token for token, owner in self.standin.token_teams.items() if owner == team)

    async def command(self, team: str, text: str, *, user: str = "U0001", channel: str = "C0001") -> Message:
        """``/socialtip <text>`` from ``team``; what the asker sees."""
        url = self.standin.response_url(channel)
        body = simulate.slash_command_body(text, user=user, channel=channel, response_url=url, team=team)
        before = len(self.standin.calls_to("response_url"))
        status, raw = await self.slack.post(body, "application/x-www-form-urlencoded")
        assert status == 200, raw
        ack = json.loads(raw) if raw.startswith("{") else {}
        if ack.get("text") or ack.get("blocks"):
            shown = self.standin.add_message(channel, ack, ephemeral=True)
            self.standin.link_response_url(url, shown.ts)
            return shown
        await self.standin.wait_for_call("response_url", before + 1)
        return [m for m in self.standin.messages.values() if m.ephemeral][-1]

    async def click(self, team: str, message: Message, action_id: str, *, checked: bool) -> None:
        url = self.standin.response_url(message.channel, message.ts)
        payload = simulate.block_actions_payload(
            message, action_id, user="U0001", response_url=url, checked=checked, team=team
        )
        status, _ = await self.slack.post(
            simulate.block_actions_body(payload), "application/x-www-form-urlencoded"
        )
        assert status == 200
        await self.slack.settle()

    async def event(self, team: str, event: dict[str, Any]) -> None:
        body = simulate.event_body(event, team=team, bot_user=self.standin.bot_user_id)
        status, _ = await self.slack.post(body, "application/json", headers=signed_headers(body))
        assert status == 200
        await self.slack.settle()

    async def mention(self, team: str, text: str, *, channel: str = "C0001") -> None:
        ts = f"{time.time():.6f}"
        await self.event(
            team,
            {"type": "app_mention", "user": "U0001", "text": f"<@UBOT> {text}", "ts": ts, "channel": channel},
        )

    def tokens_used(self, since: int = 0) -> set[str | None]:
        """The tokens of the Web API calls (not response_url posts) made after call ``since``."""
        return {
            c.token for c in self.standin.calls[since:] if c.method not in ("response_url", "oauth.v2.access")
        }


@contextlib.asynccontextmanager
async def open_backend(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    """A TinyDB file, or a fresh PostgreSQL database (skipped with the reason when none is set up)."""
    if backend == "postgres":
        async with fresh_database(server_url()) as url:
            yield await connect_store(url)
        return
    yield TinyDBStore(tmp_path / "socialtip.json")


@pytest.fixture(params=["tinydb", "postgres"])
async def workspaces(
    request: pytest.FixtureRequest, tmp_path: Path, kb: KnowledgeBase, index: SearchIndex
) -> AsyncIterator[Workspaces]:
    async with open_backend(request.param, tmp_path) as store, _serving(store, kb, index) as served:
        yield served


@contextlib.asynccontextmanager
async def _serving(store: Store, kb: KnowledgeBase, index: SearchIndex) -> AsyncIterator[Workspaces]:
    standin = ReminderStandIn(timezones={"U0001": "Europe/Paris"})
    await standin.start()
    try:
        async with serve_app(
            store, standin, oauth=CREDENTIALS, kb=kb, index=index, cookie_jar=aiohttp.DummyCookieJar()
        ) as slack:
            yield Workspaces(slack, standin, store)
    finally:
        await standin.stop()


async def test_install_redirects_to_slacks_authorize_page_with_a_signed_state(workspaces: Workspaces) -> None:
    status, location, cookie = await workspaces.start_install()
    assert status == 302
    url = urlsplit(location)
    assert (url.scheme, url.netloc, url.path) == ("https", "slack.com", "/oauth/v2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == [CREDENTIALS.client_id]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    state = query["state"][0]
    assert cookie == state  # the browser keeps the state; the redirect must bring both back
    nonce, _, signature = state.partition(".")
    assert nonce and signature and CREDENTIALS.state_secret not in state


async def test_the_redirect_stores_the_installation_with_the_bot_token(workspaces: Workspaces) -> None:
    status, location, cookie = await workspaces.start_install()
    state = parse_qs(urlsplit(location).query)["state"][0]
    code = workspaces.standin.install_code("T1", user_id="UADMIN")
    status, page = await workspaces.redirect(code=code, state=state, cookie=cookie)
    assert status == 200 and "slack://app?team=T1" in page
    [exchange] = workspaces.standin.calls_to("oauth.v2.access")
    assert exchange.args["code"] == code
    found = await workspaces.store.find_installation(enterprise_id=None, team_id="T1")
    assert found is not None
    assert (
        found.bot_token in workspaces.standin.token_teams
        and workspaces.standin.token_teams[found.bot_token] == "T1"
    )
    assert found.user_id == "UADMIN" and found.data["bot_user_id"] == "UBOT"
    assert await workspaces.store.find_installation(enterprise_id=None, team_id="T2") is None


async def test_a_forged_state_is_refused_and_nothing_is_installed(workspaces: Workspaces) -> None:
    _, location, cookie = await workspaces.start_install()
    state = parse_qs(urlsplit(location).query)["state"][0]
    nonce = state.partition(".")[0]
    forged = f"{nonce}.{'A' * 43}"  # right nonce, signature made without the secret
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T1"), state=forged, cookie=forged
    )
    assert status == 401
    made_up = "made-up-state.c2lnbmF0dXJl"
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T1"), state=made_up, cookie=made_up
    )
    assert status == 401
    assert workspaces.standin.calls_to("oauth.v2.access") == []
    assert await workspaces.store.find_installation(enterprise_id=None, team_id="T1") is None
    # The genuine state is still good after those attempts.
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T1"), state=state, cookie=cookie
    )
    assert status == 200


async def test_a_state_works_once_and_only_from_the_browser_that_started(workspaces: Workspaces) -> None:
    _, location, cookie = await workspaces.start_install()
    state = parse_qs(urlsplit(location).query)["state"][0]
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T1"), state=state, cookie=None
    )
    assert status == 400  # no state cookie: another browser
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T1"), state=state, cookie=cookie
    )
    assert status == 200
    status, _ = await workspaces.redirect(
        code=workspaces.standin.install_code("T2"), state=state, cookie=cookie
    )
    assert status == 401  # replayed
    assert len(workspaces.standin.calls_to("oauth.v2.access")) == 1
    assert await workspaces.store.find_installation(enterprise_id=None, team_id="T2") is None


async def test_a_command_from_an_installed_workspace_is_answered_with_its_token(
    workspaces: Workspaces,
) -> None:
    token = await workspaces.install("T1")
    since = len(workspaces.standin.calls)
    shown = await workspaces.command("T1", "rappel lundi 9h")
    assert "chaque lundi à 9h00" in all_text(shown)
    await workspaces.slack.settle()
    [announce] = [c for c in workspaces.standin.calls_to("chat.postMessage") if c.args["channel"] == "C0001"]
    assert announce.token == token
    assert workspaces.tokens_used(since) == {token}  # auth.test, users.info, chat.postMessage


async def test_a_workspace_that_never_installed_is_told_so(workspaces: Workspaces) -> None:
    await workspaces.install("T1")
    since = len(workspaces.standin.calls)
    shown = await workspaces.command("T9", "aide")
    assert "installé" in all_text(shown) and "installed" in all_text(shown)
    assert workspaces.tokens_used(since) == set()  # nothing was called on T9's behalf


async def test_two_workspaces_each_use_their_own_token_and_keep_their_data_apart(
    workspaces: Workspaces, kb: KnowledgeBase
) -> None:
    store = workspaces.store
    one, two = await workspaces.install("T1"), await workspaces.install("T2")
    assert one != two

    # Mentions: each answer is posted with its own workspace's token (same channel and user ids).
    for team, token in (("T1", one), ("T2", two)):
        since = len(workspaces.standin.calls)
        await workspaces.mention(team, "comment gérer les critiques ?")
        assert workspaces.tokens_used(since) == {token}

    # Preferences: the same user id in both workspaces, a language chosen in one only.
    await workspaces.command("T1", "lang en")
    assert await store.get_user_lang("T1", "U0001") == "en"
    assert await store.get_user_lang("T2", "U0001") is None
    assert t("help_title", "en") in all_text(await workspaces.command("T1", "aide"))
    assert t("help_title", "fr") in all_text(await workspaces.command("T2", "aide"))  # still French there

    # Checklist ticks in the same channel id: ticked in T1, untouched in T2.
    checklist = kb.of_kind("checklist")[0]
    shown = await workspaces.command("T1", f"liste {checklist.id}")
    await workspaces.click("T1", shown, "socialtip_check_0", checked=True)
    assert await store.get_checklist_ticks("T1", "C0001", checklist.id) == {0}
    assert await store.get_checklist_ticks("T2", "C0001", checklist.id) == set()
    assert ticked_steps(await workspaces.command("T2", f"liste {checklist.id}")) == set()

    # Subscriptions: one each, for the same channel id, with different days.
    await workspaces.command("T1", "rappel lundi 9h")
    await workspaces.command("T2", "rappel mardi 10h")
    sub_one, sub_two = (
        await store.get_subscription("T1", "C0001"),
        await store.get_subscription("T2", "C0001"),
    )
    assert sub_one is not None and sub_two is not None
    assert (sub_one.weekday, sub_one.hour) == (0, 9) and (sub_two.weekday, sub_two.hour) == (1, 10)
    assert [s.team_id for s in await store.list_subscriptions("T1")] == ["T1"]


async def test_uninstalling_one_workspace_deletes_only_its_data_and_installation(
    workspaces: Workspaces,
) -> None:
    store = workspaces.store
    await workspaces.install("T1")
    two = await workspaces.install("T2")
    for team in ("T1", "T2"):
        await workspaces.command(team, "lang en")
        await workspaces.command(team, "rappel lundi 9h")

    await workspaces.event("T1", {"type": "app_uninstalled", "event_ts": "1700000300.000100"})

    assert await store.find_installation(enterprise_id=None, team_id="T1") is None
    assert await store.get_user_lang("T1", "U0001") is None
    assert await store.get_subscription("T1", "C0001") is None
    kept = await store.find_installation(enterprise_id=None, team_id="T2")
    assert kept is not None and kept.bot_token == two
    assert await store.get_user_lang("T2", "U0001") == "en"
    assert await store.get_subscription("T2", "C0001") is not None
    # T1 is told to reinstall; T2 is still answered with its own token.
    assert "reinstall" in all_text(await workspaces.command("T1", "aide"))
    since = len(workspaces.standin.calls)
    await workspaces.mention("T2", "comment gérer les critiques ?")
    assert workspaces.tokens_used(since) == {two}


async def test_revoking_the_bot_token_deletes_the_installation(workspaces: Workspaces) -> None:
    await workspaces.install("T1")
    await workspaces.install("T2")
    await workspaces.event("T1", {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}, "event_ts": "1.2"})
    assert await workspaces.store.find_installation(enterprise_id=None, team_id="T1") is None
    assert await workspaces.store.find_installation(enterprise_id=None, team_id="T2") is not None


async def test_reminders_go_out_with_each_workspace_installation_token(
    workspaces: Workspaces, kb: KnowledgeBase
) -> None:
    one, two = await workspaces.install("T1"), await workspaces.install("T2")
    store = workspaces.store
    for team, channel in (("T1", "C1"), ("T2", "C2"), ("T3", "C3")):  # T3 never installed
        await store.put_subscription(Subscription(team, channel, 0, 9, 0, "Europe/Paris", "fr", "U0001"))
    env = {
        "SLACK_CLIENT_ID": CREDENTIALS.client_id,
        "SLACK_CLIENT_SECRET": CREDENTIALS.client_secret,
        "SLACK_STATE_SECRET": CREDENTIALS.state_secret,
        "SLACK_API_URL": workspaces.standin.api_url,
    }
    factory = client_factory(load_settings(env=env), store)
    report = await run_due(store, kb, factory, MONDAY_9_PARIS)
    assert report == {"due": 3, "sent": 2, "skipped": 0, "failed": 1}
    posts = {c.args["channel"]: c.token for c in workspaces.standin.calls_to("chat.postMessage")}
    assert posts == {"C1": one, "C2": two}


def test_bot_scopes_are_the_manifests() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "SLACK_STATE_SECRET"),
        ({"SLACK_STATE_SECRET": "s"}, "SLACK_CLIENT_ID"),
    ],
)
def test_half_the_oauth_settings_is_one_line_naming_the_missing_one_and_exit_2(
    tmp_path: Path, extra: dict[str, str], missing: str
) -> None:
    env = clean_env(tmp_path, SLACK_SIGNING_SECRET="s", SLACK_BOT_TOKEN="xoxb-1", **extra)
    done = subprocess.run(
        [*SOCIALTIP, "serve", "--http"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"socialtip: {missing} ")


async def test_serve_in_multi_workspace_mode_needs_no_bot_token_and_offers_the_install(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    env = serve_env(
        SLACK_SIGNING_SECRET="s",
        SLACK_CLIENT_ID="1.2",
        SLACK_CLIENT_SECRET="c",
        SLACK_STATE_SECRET="st",
        SLACK_API_URL=standin.api_url,
        SOCIALTIP_DB=str(tmp_path / "db.json"),
    )
    proc = await spawn_socialtip("serve", env=env, cwd=tmp_path)
    try:
        port = await serve_port(proc)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/slack/install", allow_redirects=False) as redirect,
        ):
            assert redirect.status == 302
            assert redirect.headers["Location"].startswith("https://slack.com/oauth/v2/authorize?")
        assert standin.calls_to("api.test")  # Slack is reachable: checked at start
        assert standin.calls_to("auth.test") == []  # no single bot token to check
    finally:
        proc.terminate()
        _, out, err = await finish(proc, 15)
    assert "multi-workspace mode" in out
    assert "Traceback" not in err


async def test_starting_installs_writes_nothing(workspaces: Workspaces, tmp_path: Path) -> None:
    """Regression (issue #10): every unauthenticated GET /slack/install wrote a state to the store
    (7,136 writes in 180 s), which slowed every ack toward Slack's 3 s limit."""
    db = tmp_path / "socialtip.json"
    before = db.read_bytes() if db.exists() else None

    async def no_writes(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("GET /slack/install wrote to the store")

    workspaces.store.issue_oauth_state = no_writes  # type: ignore[method-assign]
    for _ in range(50):
        status, _, cookie = await workspaces.start_install()
        assert status == 302 and cookie
    assert (db.read_bytes() if db.exists() else None) == before
    await workspaces.install("T1")  # and an install still completes


def signed_states(now: datetime, secret: str = "s3cret") -> tuple[Any, list[datetime]]:
    from bot.slack.oauth import SignedStateStore

    clock = [now]
    return SignedStateStore(secret, clock=lambda: clock[0]), clock


async def test_a_state_expires_after_ten_minutes() -> None:
    states, clock = signed_states(datetime(2026, 3, 30, 9, 0, tzinfo=UTC))
    late = await states.async_issue()
    on_time = await states.async_issue()
    clock[0] += timedelta(minutes=9, seconds=59)
    assert await states.async_consume(on_time) is True
    clock[0] += timedelta(seconds=2)
    assert await states.async_consume(late) is False


async def test_a_state_is_good_once_and_only_with_its_own_secret() -> None:
    now = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    states, _ = signed_states(now)
    other, _ = signed_states(now, secret="another deployment")
    state = await states.async_issue()
    assert await other.async_consume(state) is False
    expires, nonce, signature = state.split(".")
    assert await states.async_consume(f"{int(expires) + 3600}.{nonce}.{signature}") is False  # tampered
    assert await states.async_consume(state) is True
    assert await states.async_consume(state) is False  # replayed
    assert await states.async_consume("") is False
    assert await states.async_consume("not.a.state") is False
