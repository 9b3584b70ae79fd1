"""What goes wrong with a store that callers may want to report rather than crash on."""

from __future__ import annotations


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or used (wrong ``DATABASE_URL``, server down, no rights).

    The message is one line naming the database by host, port and name, never the password.
    """
