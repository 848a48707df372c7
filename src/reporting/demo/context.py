"""The one object every simulation step receives: client, profile, calendar, random streams."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from reporting.demo.profiles import Profile
from reporting.params import ClientParams


@dataclass(frozen=True)
class Context:
    """A demo client's generation run: ``first`` to ``last`` inclusive, in the client's time zone."""

    params: ClientParams
    profile: Profile
    first: dt.date
    last: dt.date
    seed: int

    @classmethod
    def create(cls, params: ClientParams, profile: Profile, end: dt.date, seed: int) -> Context:
        """History from 1 January two years before ``end``'s year up to the day before ``end``."""
        return cls(params, profile, dt.date(end.year - 2, 1, 1), end - dt.timedelta(days=1), seed)

    def rng(self, *parts: str) -> np.random.Generator:
        """An independent random stream per (client, part): adding a step never shifts the others."""
        keys = [self.seed, zlib.crc32(self.params.client_id.encode())]
        keys += [zlib.crc32(p.encode()) for p in parts]
        return np.random.default_rng(keys)

    @property
    def tz(self) -> str:
        return self.params.timezone

    @property
    def lang(self) -> str:
        return self.params.language

    @property
    def end(self) -> dt.date:
        return self.last + dt.timedelta(days=1)

    @cached_property
    def days(self) -> pd.DatetimeIndex:
        return pd.date_range(self.first, self.last, freq="D")

    def years_elapsed(self) -> np.ndarray:
        """Fraction of years since ``first`` for each day: drives slow trends."""
        return np.arange(len(self.days)) / 365.25

    def goal_start(self) -> dt.date | None:
        """The earliest goal start inside the history (the team starts pushing then)."""
        starts = [g.start for g in self.params.goals if self.first < g.start <= self.last]
        return min(starts) if starts else None

    def last_full_month(self) -> tuple[dt.date, dt.date]:
        """The month before ``end``'s month: the default KPI review period."""
        last = self.end.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last

    def handle(self, channel: str) -> str:
        """The client's main handle on a channel (the first when there are several)."""
        h = self.params.handles.get(channel, self.params.client_id)
        return h[0] if isinstance(h, list) else h

    def handles(self, channel: str) -> list[str]:
        h = self.params.handles.get(channel, self.params.client_id)
        return list(h) if isinstance(h, list) else [h]
