"""Requests as Slack sends them (signed slash commands, events, clicks), for the console and tests."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from .standin import Message

TEAM = "T0001"
APP_ID = "A0001"
_ids = itertools.count(1)


def signed_headers(body: str, *, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's signature headers for ``body`` (``timestamp`` defaults to now)."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def slash_command_body(
    text: str, *, user: str, channel: str, response_url: str, team: str = TEAM, command: str = "/socialtip"
) -> str:
    """A slash command as Slack posts it (form-encoded)."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "standin",
            "channel_id": channel,
            "channel_name": "general" if channel.startswith("C") else "directmessage",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "response_url": response_url,
            "trigger_id": f"trigger.{next(_ids)}",
        }
    )


def event_body(
    event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM, bot_user: str = "UBOT"
) -> str:
    """An Events API ``event_callback`` envelope (JSON)."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": bot_user, "is_bot": True}],
        }
    )


def function_executed_event(
    callback_id: str,
    inputs: dict[str, Any],
    *,
    execution_id: str,
    bot_access_token: str,
    app_id: str = APP_ID,
) -> dict[str, Any]:
    """A ``function_executed`` event: a workflow ran the app's custom step ``callback_id``.

    ``bot_access_token`` is the short-lived token Slack hands the app for this execution (Bolt
    completes or fails the step with it)."""
    return {
        "type": "function_executed",
        "function": {
            "id": f"Fn{callback_id[:8].upper()}",
            "callback_id": callback_id,
            "title": callback_id,
            "type": "app",
            "app_id": app_id,
            "input_parameters": [],
            "output_parameters": [],
        },
        "inputs": inputs,
        "function_execution_id": execution_id,
        "workflow_execution_id": f"Wx{execution_id}",
        "event_ts": f"{time.time():.6f}",
        "bot_access_token": bot_access_token,
    }


def find_action(blocks: list[dict[str, Any]], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (block, element) holding ``action_id`` (buttons, checkbox and button accessories)."""
    for block in blocks:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        for element in elements:
            if element.get("action_id") == action_id:
                return block, element
    raise LookupError(f"no action {action_id!r} in the message")


def block_actions_payload(
    message: Message,
    action_id: str,
    *,
    user: str,
    response_url: str,
    checked: bool | None = None,
    team: str = TEAM,
    view: dict[str, Any] | None = None,
    vote: str = "up",
) -> dict[str, Any]:
    """The ``block_actions`` payload of ``user`` pressing ``action_id`` in ``message`` (for a
    checkbox, ``checked`` is its new state; for Slack's feedback buttons, ``vote`` says which:
    ``up`` or ``down``). Ephemeral messages carry no ``message`` field."""
    block, element = find_action(message.blocks, action_id)
    action: dict[str, Any] = {
        "type": element["type"],
        "action_id": action_id,
        "block_id": block.get("block_id"),
        "action_ts": f"{time.time():.6f}",
    }
    if element["type"] == "button":
        action["value"] = element.get("value")
        action["text"] = element.get("text")
    elif element["type"] == "feedback_buttons":
        button = element["negative_button" if vote == "down" else "positive_button"]
        action["value"] = button.get("value")
        action["text"] = button.get("text")
    else:
        action["selected_options"] = element["options"][:1] if checked else []
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "standin"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy",
        "trigger_id": f"trigger.{next(_ids)}",
        "actions": [action],
    }
    if view is not None:
        payload |= {"container": {"type": "view", "view_id": "V0001"}, "view": view}
        return payload
    payload |= {
        "container": {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.ephemeral,
        },
        "channel": {"id": message.channel, "name": "general"},
        "response_url": response_url,
    }
    if not message.ephemeral:
        payload["message"] = {
            "type": "message",
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
            **({"thread_ts": message.thread_ts} if message.thread_ts else {}),
        }
    return payload


def view_submission_payload(
    view: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]], *, user: str, team: str = TEAM
) -> dict[str, Any]:
    """``user`` submitting the modal ``view`` (as ``views.open`` got it) with ``values``:
    ``{block_id: {action_id: {"type": ..., "value": ...}}}``."""
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": "standin"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy",
        "trigger_id": f"trigger.{next(_ids)}",
        "view": {
            "id": f"V{next(_ids):06d}",
            "team_id": team,
            "app_id": APP_ID,
            "bot_id": "B0001",
            **view,
            "private_metadata": view.get("private_metadata", ""),
            "state": {"values": values},
        },
    }


def block_actions_body(payload: dict[str, Any]) -> str:
    """An interactivity request body (form-encoded ``payload=<json>``)."""
    return urlencode({"payload": json.dumps(payload)})
