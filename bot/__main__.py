"""``python -m bot`` runs the socialtip command line."""

from .cli import main

raise SystemExit(main())
