"""Unit tests of the report packages (a package, so their module names never clash with tests/e2e/test_<id>.py)."""
