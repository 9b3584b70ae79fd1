"""A fresh PostgreSQL database per test, on the server named by ``SOCIALTIP_TEST_DATABASE_URL``.

Without that variable the PostgreSQL tests are skipped with a visible reason, except in CI
(``CI=true``), where a missing server is a failure: CI must never pass without testing it.
``scripts/pg-test-server start`` starts a throwaway server and prints a URL to put there.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "SOCIALTIP_TEST_DATABASE_URL"
SKIP_REASON = f"PostgreSQL tests skipped: {ENV} is not set; .ci/run starts a server"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def server_url() -> str:
    """The test server's URL; skips the test (fails it in CI) when none is configured."""
    url = os.environ.get(ENV)
    if not url:
        if in_ci():
            pytest.fail(f"{ENV} is not set but CI=true: the PostgreSQL tests must run in CI", pytrace=False)
        pytest.skip(SKIP_REASON)
    return url


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextlib.asynccontextmanager
async def fresh_database(url: str | None = None) -> AsyncIterator[str]:
    """Create an empty database on the test server, yield its URL, drop it afterwards."""
    import asyncpg

    url = url or server_url()
    name = f"socialtip_t_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await admin.close()
    try:
        yield with_database(url, name)
    finally:
        admin = await asyncpg.connect(url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
