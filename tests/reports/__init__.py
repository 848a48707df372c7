"""Report packages' unit tests (a package, so their names do not clash with tests/e2e/test_<report>.py)."""
