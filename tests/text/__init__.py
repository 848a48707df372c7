"""Tests of the text analytics (a package: test_<name> modules may repeat names elsewhere)."""
