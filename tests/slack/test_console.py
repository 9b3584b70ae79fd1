"""``socialtip console`` through a pseudo-terminal, as a person types into it.

Regression tests (issue #10): an old button number crashed the console (LookupError, all state
lost); Ctrl-C printed a traceback; typing "3" for checklist step 3 pressed an old button [3],
which shared an earlier answer publicly; raw Slack markup was printed as is.
"""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.slack.terminal import BOLD, render_mrkdwn

from ..support.serve import REPO

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """``socialtip console`` on a pseudo-terminal: type into it, read what it shows."""

    def __init__(self, cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
        env |= {"PYTHONPATH": str(REPO), "TERM": "xterm", "SOCIALTIP_CACHE_DIR": "off"}
        self.fd, child = pty.openpty()
        # setsid -c: a session of its own with the pty as controlling terminal (so ^C is SIGINT)
        self.proc = subprocess.Popen(
            ["setsid", "-c", sys.executable, "-m", "bot", "console"],
            stdin=child, stdout=child, stderr=child, cwd=cwd, env=env, close_fds=True,
        )  # fmt: skip
        os.close(child)
        self.pid = self.proc.pid
        self.screen = ""
        self.code: int | None = None

    def read_until(self, pattern: str, timeout: float = 30) -> str:
        """Read until ``pattern`` (a regex, ANSI styles ignored) appears in what came since the
        last call; returns that part."""
        start = len(self.screen)
        deadline = time.monotonic() + timeout
        while not re.search(pattern, ANSI.sub("", self.screen[start:])):
            left = deadline - time.monotonic()
            assert left > 0, f"no {pattern!r} in:\n{self.screen[start:]}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the child is gone
                    chunk = b""
                assert chunk, f"console ended before {pattern!r}:\n{self.screen[start:]}"
                self.screen += chunk.decode(errors="replace")
        return self.screen[start:]

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait(self, timeout: float = 12) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                self.code = code
                return code
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):
                    self.screen += os.read(self.fd, 65536).decode(errors="replace")
        raise AssertionError(f"console still running after {timeout} s:\n{self.screen[-2000:]}")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    term.read_until(r"> $")
    yield term
    term.close()


def labels(text: str, mark: str = "☐") -> list[str]:
    return re.findall(rf"\[(b\d+)\] {mark}", ANSI.sub("", text))


def test_a_stale_button_gets_one_line_and_the_console_goes_on(terminal: Terminal, kb: KnowledgeBase) -> None:
    checklist = kb.of_kind("checklist")[0]
    terminal.type(f"/socialtip liste {checklist.id}\r")
    first = terminal.read_until(r"└─[\s\S]*> $")
    old = labels(first)[0]
    terminal.type(f"{old}\r")  # tick the first step: the message is shown again, with new labels
    terminal.read_until(r"updated[\s\S]*└─[\s\S]*> $")
    terminal.type(f"{old}\r")  # the old label again
    answer = terminal.read_until(r"> $")
    assert f"({old} is no longer on screen" in answer
    assert "Traceback" not in terminal.screen
    terminal.type("b99999\r")
    assert "(there is no button b99999)" in terminal.read_until(r"> $")
    terminal.type("/socialtip aide\r")  # state kept, still working
    assert "CE QUE JE SAIS FAIRE" in terminal.read_until(r"└─[\s\S]*> $").upper()


def test_a_number_is_never_a_button(terminal: Terminal, kb: KnowledgeBase) -> None:
    """Typing "3" for checklist step 3 pressed an old button [3] (which shared an answer)."""
    terminal.type("/socialtip comment gérer un bad buzz ?\r")
    terminal.read_until(r"└─[\s\S]*> $")
    calls_before = terminal.screen.count("socialtip in #general")
    terminal.type("3\r")
    answer = terminal.read_until(r"> $")
    assert "(3 is not a button" in answer
    assert terminal.screen.count("socialtip in #general") == calls_before  # nothing shared


def test_ctrl_c_clears_the_line_and_twice_leaves(terminal: Terminal) -> None:
    terminal.type("/socialtip half a thou")
    terminal.read_until("half a thou")  # on screen (a ^C typed sooner makes the terminal drop it)
    terminal.type("\x03")
    assert "line cleared" in terminal.read_until(r"> $")
    terminal.type("/socialtip aide\r")  # the cleared text is gone: this runs alone
    assert "CE QUE JE SAIS FAIRE" in terminal.read_until(r"└─[\s\S]*> $").upper()
    terminal.type("\x03")
    terminal.read_until(r"> $")
    terminal.type("\x03")
    assert terminal.wait() == 0
    assert "Traceback" not in terminal.screen and "KeyboardInterrupt" not in terminal.screen


def test_history_brings_back_the_last_line(terminal: Terminal) -> None:
    terminal.type("/socialtip aide\r")
    terminal.read_until(r"└─[\s\S]*> $")
    terminal.type("\x1b[A\r")  # up arrow, enter: the same command again
    assert "CE QUE JE SAIS FAIRE" in terminal.read_until(r"└─[\s\S]*> $").upper()


def test_ctrl_d_leaves(terminal: Terminal) -> None:
    terminal.type("\x04")
    assert terminal.wait() == 0
    assert "(bye)" in terminal.screen


def test_sigterm_at_the_prompt_stops_the_console_within_10_s(terminal: Terminal) -> None:
    started = time.monotonic()
    os.kill(terminal.pid, signal.SIGTERM)
    assert terminal.wait() == 0
    assert time.monotonic() - started < 10
    assert "Traceback" not in terminal.screen


def test_markup_is_shown_as_formatting(terminal: Terminal) -> None:
    terminal.type("/socialtip comment gérer un bad buzz ?\r")
    shown = terminal.read_until(r"└─[\s\S]*> $")
    assert BOLD in shown  # *bold* in the answer, styled
    plain = ANSI.sub("", shown)
    assert "&amp;" not in plain and "&lt;" not in plain and "<http" not in plain and "<@" not in plain


@pytest.mark.parametrize(
    ("mrkdwn", "shown"),
    [
        ("*Source* : <https://ex.com/a_b|l'article>", "Source : l'article (https://ex.com/a_b)"),
        ("<@U123> &amp; <#C1|general> <!here>", "@U123 & #general @here"),
        ("_italique_ ~barré~ snake_case 2*3*4", "italique barré snake_case 2*3*4"),
        ("> une citation &gt; tout", "┃ une citation > tout"),
    ],
)
def test_mrkdwn_is_rendered_for_a_terminal(mrkdwn: str, shown: str) -> None:
    assert render_mrkdwn(mrkdwn, color=False) == shown
    assert ANSI.sub("", render_mrkdwn(mrkdwn, color=True)) == shown
