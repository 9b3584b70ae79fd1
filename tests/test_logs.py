"""Logging: libraries' records are cut to one short line, floods are throttled, ours pass as is."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import LIBRARY_LINE_LIMIT, THROTTLE_LINES, Throttle, setup_logging


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Logging set up as the commands do, into a string; pytest's own handlers put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out = io.StringIO()
    setup_logging("info", stream=out)
    yield out
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def boom() -> BaseException:
    try:
        raise ValueError("bad request line: " + "x" * 5000)
    except ValueError as exc:
        return exc


def test_a_library_traceback_becomes_one_short_line(stream: io.StringIO) -> None:
    """Regression: aiohttp logged a traceback for every malformed request."""
    exc = boom()
    logging.getLogger("aiohttp.server").error("Error handling request from %s", "1.2.3.4", exc_info=exc)
    text = stream.getvalue()
    assert text.count("\n") == 1
    assert "Traceback" not in text
    assert "Error handling request from 1.2.3.4: ValueError: bad request line" in text
    assert len(text) < LIBRARY_LINE_LIMIT + 100


def test_a_library_message_carrying_a_body_is_cut(stream: io.StringIO) -> None:
    logging.getLogger("slack_bolt.RequestVerification").info("Invalid request (body: %s)", "t" * 100_000)
    assert len(stream.getvalue()) < LIBRARY_LINE_LIMIT + 100


def test_a_flood_of_bad_requests_is_throttled(stream: io.StringIO) -> None:
    log = logging.getLogger("aiohttp.server")
    for _ in range(1000):
        log.error("Error handling request from %s", "1.2.3.4", exc_info=boom())
    assert stream.getvalue().count("\n") == THROTTLE_LINES


def test_the_throttle_reports_what_it_dropped() -> None:
    throttle = Throttle(lines=2, seconds=10)
    assert [throttle.admit(0.0)[0] for _ in range(5)] == [True, True, False, False, False]
    assert throttle.admit(10.0) == (True, 3)  # next window: says 3 were dropped
    assert throttle.admit(10.5) == (True, 0)


def test_our_own_records_keep_their_traceback(stream: io.StringIO) -> None:
    logging.getLogger("bot.slack.tasks").error("background task failed", exc_info=boom())
    assert "Traceback" in stream.getvalue()


def test_bolts_start_up_warning_is_dropped(stream: io.StringIO) -> None:
    logging.getLogger("slack_bolt.AsyncApp").warning("As you gave `client` as well, `token` will be unused.")
    assert stream.getvalue() == ""
