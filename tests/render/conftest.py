"""The renderers' tests use the small knowledge directories of tests/knowledge."""

from tests.knowledge.conftest import make_kb  # noqa: F401  (a fixture)
