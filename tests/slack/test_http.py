"""The HTTP surface: signatures, stale timestamps, health, URL verification."""

from __future__ import annotations

import json
import time

import aiohttp

from bot.slack import simulate
from tests.support.slack import SlackTestApp, signed_headers


async def test_healthz(slack: SlackTestApp) -> None:
    async with slack.session.get(slack.base_url + "/healthz") as resp:
        assert resp.status == 200


async def test_a_bad_signature_is_rejected(slack: SlackTestApp) -> None:
    body = simulate.slash_command_body(
        "aide", user="U1", channel="C1", response_url=slack.standin.response_url("C1")
    )
    status, _ = await slack.post(
        body, "application/x-www-form-urlencoded", headers=signed_headers(body, secret="not-the-secret")
    )
    assert status == 401
    status, _ = await slack.post(body, "application/x-www-form-urlencoded", headers={})
    assert status == 401


async def test_a_timestamp_older_than_five_minutes_is_rejected(slack: SlackTestApp) -> None:
    body = simulate.event_body(
        {"type": "app_mention", "user": "U1", "text": "<@UBOT> hi", "ts": "1.1", "channel": "C1"}
    )
    old = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    status, _ = await slack.post(body, "application/json", headers=old)
    assert status == 401
    assert slack.standin.calls_to("chat.postMessage") == []


async def test_url_verification_answers_the_challenge(slack: SlackTestApp) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "legacy"})
    status, text = await slack.post(body, "application/json")
    assert status == 200 and "abc123" in text


async def test_only_post_on_the_events_path(slack: SlackTestApp) -> None:
    async with aiohttp.ClientSession() as session, session.get(slack.base_url + "/slack/events") as resp:
        assert resp.status == 405
