"""A newcomer following the README: ``cp .env.example .env``, fill in the two required values,
start ``serve --http``, then ``/socialtip aide`` is answered (not "please reinstall").

Regression test: the empty ``SLACK_CLIENT_ID=`` lines of ``.env.example`` loaded as empty strings,
Bolt took their mere presence for OAuth mode, and every command answered "please reinstall".
"""

from __future__ import annotations

import signal
from pathlib import Path

import aiohttp

from bot.messages import t
from bot.slack.standin import SlackStandIn

from ..support.serve import REPO, serve_env, serve_port, spawn_serve
from ..support.slack import BOT_TOKEN, SIGNING_SECRET, SlackTestApp
from .helpers import all_text


def filled_env_example(api_url: str) -> str:
    """``.env.example`` with the two required values filled in, as the README's step 4 says."""
    text = (REPO / ".env.example").read_text()
    text = text.replace("\nSLACK_BOT_TOKEN=\n", f"\nSLACK_BOT_TOKEN={BOT_TOKEN}\n")
    text = text.replace("\nSLACK_SIGNING_SECRET=\n", f"\nSLACK_SIGNING_SECRET={SIGNING_SECRET}\n")
    assert BOT_TOKEN in text and SIGNING_SECRET in text, ".env.example lost its two required lines"
    # the stand-in instead of slack.com: the line a staging setup uncomments
    return text + f"\nSLACK_API_URL={api_url}\n"


def test_env_example_leaves_every_optional_variable_unset() -> None:
    from dotenv import dotenv_values

    values = dotenv_values(REPO / ".env.example")
    assert set(values) == {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"}


async def test_copied_env_example_serves_slash_commands(tmp_path: Path) -> None:
    standin = SlackStandIn()
    await standin.start()
    (tmp_path / ".env").write_text(filled_env_example(standin.api_url))
    env = serve_env(SOCIALTIP_DB=str(tmp_path / "db.json"))
    proc = await spawn_serve(env, tmp_path)
    try:
        port = await serve_port(proc)
        async with aiohttp.ClientSession() as session:
            slack = SlackTestApp(f"http://127.0.0.1:{port}", standin, session, None, None)
            reply = await slack.reply_to("aide")
        text = all_text(reply)
        assert t("help_title", "fr") in text
        assert t("not_installed", "fr") not in text
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        await proc.wait()
        await standin.stop()


async def test_empty_oauth_variables_in_the_real_environment_do_not_mean_oauth(tmp_path: Path) -> None:
    standin = SlackStandIn()
    await standin.start()
    env = serve_env(
        SLACK_API_URL=standin.api_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_CLIENT_ID="",
        SLACK_CLIENT_SECRET="",
        SLACK_STATE_SECRET="",
        SOCIALTIP_DB=str(tmp_path / "db.json"),
    )
    proc = await spawn_serve(env, tmp_path)
    try:
        port = await serve_port(proc)
        async with aiohttp.ClientSession() as session:
            slack = SlackTestApp(f"http://127.0.0.1:{port}", standin, session, None, None)
            reply = await slack.reply_to("help")
        assert t("help_title", "en") in all_text(reply)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        await proc.wait()
        await standin.stop()
