"""Unit tests of the report packages (a package: their names repeat tests/e2e/)."""
