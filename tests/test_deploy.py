"""Deployable as documented: the lock agrees with pyproject.toml, the HTTP manifest with
manifest.json, and the Procfile and Dockerfile run what the README says.

Regression (issue #10): nothing let a platform build from the Procfile (no lock or requirements
file). Docker cannot run on the test machines: the Dockerfile is checked by reading it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_requirements_txt_is_locked_from_pyproject() -> None:
    assert script("lock").problems() == []


def test_a_dependency_changed_without_relocking_is_caught(tmp_path: Path) -> None:
    shutil.copy(ROOT / "requirements.txt", tmp_path)
    pyproject = (ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('"tinydb>=4.8,<5"', '"tinydb>=5,<6"'))
    found = script("lock").problems(tmp_path)
    assert any("changed since" in p for p in found)
    assert any(p.startswith("tinydb==") and "outside" in p for p in found)


def test_every_locked_pin_is_exact() -> None:
    pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and line[0] != "#"]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.+!-]*", pin) for pin in pins)


def test_the_http_manifest_is_manifest_json_over_http() -> None:
    module = script("http_manifest")
    assert module.main(["--check"]) == 0, "run python scripts/http_manifest.py"
    http = json.loads((ROOT / "manifest.http.json").read_text())
    socket = json.loads((ROOT / "manifest.json").read_text())
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    events = "https://socialtip.example.com/slack/events"
    assert http["settings"]["interactivity"]["request_url"] == events
    assert http["settings"]["event_subscriptions"]["request_url"] == events
    assert all(c["url"] == events for c in http["features"]["slash_commands"])
    assert http["oauth_config"]["redirect_urls"] == ["https://socialtip.example.com/slack/oauth_redirect"]
    assert http["oauth_config"]["scopes"] == socket["oauth_config"]["scopes"]


def test_the_procfile_serves_http_without_installing_the_package() -> None:
    assert (ROOT / "Procfile").read_text().strip() == "web: python -m bot serve --http"


def test_the_dockerfile_is_slim_unprivileged_locked_and_health_checked() -> None:
    text = (ROOT / "Dockerfile").read_text()
    instructions = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    python = (ROOT / ".python-version").read_text().strip()
    assert f"FROM python:{python}-slim" in instructions
    assert f"CPython {python}" in (ROOT / "requirements.txt").read_text()
    assert "pip install --only-binary=:all: -r requirements.txt" in text
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    (healthcheck,) = [line for line in instructions if line.startswith("HEALTHCHECK")]
    assert "/healthz" in text[text.index(healthcheck) :].split("\n\n")[0]
    assert 'CMD ["serve", "--http"]' in instructions
    assert 'ENTRYPOINT ["python", "-m", "bot"]' in instructions
    for needed in ("bot/", "knowledge/"):
        assert any(line.startswith(f"COPY {needed}") for line in instructions), needed
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", ".git"} <= set(ignored)  # secrets and bulk stay out of the image
