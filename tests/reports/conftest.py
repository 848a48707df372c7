"""Report unit tests draw their charts in the project theme (its fonts draw Hangul and Greek), without leaking it."""

from __future__ import annotations

import pytest

from reporting import theme


@pytest.fixture(autouse=True)
def _theme():
    with theme.theme():
        yield
