"""Tests of the batch engine (a package: test_<name> modules may repeat names elsewhere)."""
