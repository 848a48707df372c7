"""Unit tests of the report packages (a package: their basenames match the end-to-end tests in tests/e2e)."""
