"""Demo data: realistic exports for the demo clients, with planted signals the reports must find.

``generate_all()`` (re)creates every ``demo: true`` client's data folder;
``generate(params, out_dir, end)`` does one client and returns the planted
facts also written to ``planted.json``.
"""

from reporting.demo.generator import PLANTED_FILE, generate, generate_all

__all__ = ["PLANTED_FILE", "generate", "generate_all"]
