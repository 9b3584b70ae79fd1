"""manifest.json: the scopes match the Web API methods socialtip calls, and its surfaces are declared."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The bot scopes each Web API method needs (docs.slack.dev/reference/methods), for the
# conversation types socialtip uses: public and private channels, and its own DMs.
METHOD_SCOPES: dict[str, set[str]] = {
    "api_test": set(),
    "apps_connections_open": set(),  # Socket Mode, with the app-level token (connections:write)
    "auth_test": set(),
    "chat_getPermalink": set(),
    "chat_postEphemeral": {"chat:write"},
    "chat_postMessage": {"chat:write", "chat:write.public", "im:write"},  # public channels it is not in, DMs
    "chat_update": {"chat:write"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_join": {"channels:join"},
    "conversations_list": {"channels:read", "groups:read"},
    "conversations_open": {"im:write"},
    "users_info": {"users:read"},
    "views_open": set(),
    "views_publish": set(),
}
# Calls made for socialtip by Bolt's listener arguments (set_suggested_prompts, complete, fail).
BOLT_CALLS: dict[str, set[str]] = {
    "assistant.threads.setSuggestedPrompts": {"assistant:write"},
    "functions.completeSuccess": set(),  # with the step's own token
    "functions.completeError": set(),
}
# Scopes for events rather than Web API calls.
EVENT_SCOPES = {"app_mentions:read": "app_mention", "im:history": "message.im", "commands": "/socialtip"}


def manifest() -> dict:
    return json.loads((ROOT / "manifest.json").read_text())


def called_methods() -> set[str]:
    pattern = re.compile(r"client\.([a-z]+(?:_[A-Za-z]+)+)\(")  # also apps_connections_open
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_method_called_has_its_scopes_and_no_scope_is_unused() -> None:
    called = called_methods()
    unknown = called - set(METHOD_SCOPES) - {"send_dict"}  # send_dict: Socket Mode, not the Web API
    assert not unknown, f"add these methods' scopes to METHOD_SCOPES: {sorted(unknown)}"
    needed = set().union(*(METHOD_SCOPES[m] for m in called if m in METHOD_SCOPES), *BOLT_CALLS.values())
    declared = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert needed - declared == set(), "scopes missing from manifest.json"
    assert declared - needed - set(EVENT_SCOPES) == set(), "scopes asked for but never used"
    assert {"conversations_join", "conversations_info"} <= called


def test_the_agent_view_the_step_and_their_events_are_declared() -> None:
    m = manifest()
    assert m["features"]["agent_view"]["agent_description"]
    assert len(m["features"]["agent_view"]["agent_description"]) <= 300
    assert m["features"]["app_home"]["messages_tab_enabled"] is True
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "message.im", "function_executed"} <= events
    assert m["settings"]["org_deploy_enabled"] is True
    assert "socialtip_tip" in m["functions"]
    (command,) = m["features"]["slash_commands"]
    assert command["should_escape"] is True  # /socialtip expert gets <#C…|name>
