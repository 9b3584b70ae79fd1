"""A cache of the validated knowledge base and its built search index, for fast cold starts.

Building the index (loading and validating every file, stemming every word) takes most of a
cold ``socialtip ask``. :func:`load_index` keeps the built index in a pickle named by a hash of
the knowledge files and of this package's code, so any edit to either builds it afresh. The
cache is only ever written by socialtip itself, in the user's own cache directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .loader import DEFAULT_DIR, load_knowledge
from .search import SearchIndex

logger = logging.getLogger(__name__)

_CODE_DIR = Path(__file__).resolve().parent


def fingerprint(root: Path) -> str:
    """A hash of every knowledge file (names and bytes) and of the code that builds the index."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for base, pattern in ((root, "**/*"), (_CODE_DIR, "*.py")):
        for path in sorted(
            p for p in base.glob(pattern) if p.is_file() and p.suffix in (".toml", ".txt", ".py")
        ):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_index(root: Path | str | None = None, *, cache_dir: Path | None = None) -> SearchIndex:
    """The search index of the knowledge base in ``root``: from the cache when the files and code
    are unchanged, else loaded (validated: raises ``KnowledgeError``), built and cached."""
    root = Path(root) if root is not None else DEFAULT_DIR
    if cache_dir is None:
        return SearchIndex(load_knowledge(root))
    cached = cache_dir / f"index-{fingerprint(root)}.pickle"
    try:
        with cached.open("rb") as f:
            index = pickle.load(f)
        if isinstance(index, SearchIndex):
            return index
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign file: rebuild it
        logger.warning("ignoring the search index cache %s: %s", cached, exc)
    index = SearchIndex(load_knowledge(root))
    _write(cached, index)
    return index


def _write(path: Path, index: SearchIndex) -> None:
    """Write atomically (temp file, rename); a cache that cannot be written is simply skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("index-*.pickle"):
            with contextlib.suppress(OSError):
                old.unlink()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        logger.info("search index cache not written (%s)", exc)
