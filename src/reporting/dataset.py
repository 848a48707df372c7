"""A client's data, as every report receives it: canonical tables plus where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from reporting import tables


@dataclass
class ClientData:
    """Canonical tables for one client, in the client's time zone.

    ``sources`` has one row per file read (file, format, table, rows, rejected,
    first, last); ``rejections`` one row per rejected row (file, row, column,
    reason). Reports show both in their data footer: nothing is dropped silently.
    """

    tz: str
    posts: pd.DataFrame
    account_daily: pd.DataFrame
    mentions: pd.DataFrame
    web_traffic: pd.DataFrame
    spend: pd.DataFrame
    respondents: pd.DataFrame
    demographics: pd.DataFrame
    competitor_accounts: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["file", "format", "table", "rows", "rejected", "first", "last"]))
    rejections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["file", "row", "column", "reason"]))

    @classmethod
    def from_frames(cls, tz: str = "UTC", **frames: pd.DataFrame) -> ClientData:
        """Build from any subset of tables; the rest are empty. Each frame is conformed."""
        unknown = set(frames) - set(tables.TABLES) - {"sources", "rejections"}
        if unknown:
            raise TypeError(f"unknown table(s): {sorted(unknown)}")
        kwargs = {name: tables.conform(frames[name], name, tz) if name in frames else tables.empty(name, tz)
                  for name in tables.TABLES}
        extra = {k: frames[k] for k in ("sources", "rejections") if k in frames}
        return cls(tz=tz, **kwargs, **extra)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    @property
    def rejected_rows(self) -> int:
        return len(self.rejections)
