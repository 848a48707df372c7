"""Helpers shared by several test folders (importable as ``support`` thanks to tests/conftest.py)."""
