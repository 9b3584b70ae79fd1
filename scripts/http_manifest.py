"""Write manifest.http.json: manifest.json for HTTP delivery (Socket Mode off, request URLs).

    python scripts/http_manifest.py            # rewrite manifest.http.json from manifest.json
    python scripts/http_manifest.py --check    # exit 1 if manifest.http.json is out of date

The URLs use the placeholder host below: replace it with yours before pasting the manifest.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER_HOST = "https://socialtip.example.com"


def http_manifest(manifest: dict[str, Any], host: str = PLACEHOLDER_HOST) -> dict[str, Any]:
    """``manifest`` with Socket Mode off and every request URL pointing at ``host``."""
    http = copy.deepcopy(manifest)
    events = f"{host}/slack/events"
    for command in http["features"].get("slash_commands", []):
        command["url"] = events
    settings = http["settings"]
    settings["socket_mode_enabled"] = False
    settings["interactivity"]["request_url"] = events
    settings["event_subscriptions"]["request_url"] = events
    http["oauth_config"]["redirect_urls"] = [f"{host}/slack/oauth_redirect"]
    return http


def render(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    expected = render(http_manifest(json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))))
    target = ROOT / "manifest.http.json"
    if "--check" in argv:
        if not target.exists() or target.read_text(encoding="utf-8") != expected:
            print("manifest.http.json is out of date: run python scripts/http_manifest.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
