"""Client parameters: one YAML file per client in ``params/``, layered over ``_defaults.yaml``.

Validated with pydantic **before any kernel starts**. Unknown keys are errors,
so a typo never passes silently; every error names the file, the field, what
is wrong and an example of a valid value.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reporting import paths
from reporting.branding import Branding, LogoError, check_logo
from reporting.metrics import METRICS, OBJECTIVES
from reporting.registry import REGISTRY, REPORTS

LANGUAGES: tuple[str, ...] = ("en", "ko", "el")
CHANNELS: tuple[str, ...] = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok", "pinterest")
CLIENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DEFAULTS_FILE = "_defaults.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ~10x faster, same safety

# An example of a valid value per field, quoted in error messages.
EXAMPLES: dict[str, str] = {
    "display_name": "display_name: Demo Cafe",
    "language": "language: en   # one of en, ko, el",
    "timezone": "timezone: Europe/Athens",
    "channels": "channels: [facebook, instagram]",
    "handles": "handles: {instagram: democafe}",
    "metric": "metric: followers",
    "objective": "objective: awareness",
    "target": "target: {change_pct: 15}   # or {value: 1000}",
    "deadline": "deadline: 2026-12-31",
    "period": "period: last-full-month",
    "stale_after_days": "reports: {kpi_review: {stale_after_days: 3}}",
    "reports": "reports: {kpi_review: {period: last-full-month}}",
    "email": "email: ana@example.com",
    "radius_km": "location: {name: Mapo-gu, lat: 37.55, lon: 126.91, radius_km: 8}",
    "data_dir": "data_dir: data/demo-cafe",
    "logo": "branding: {logo: params/assets/demo-cafe-logo.svg}   # PNG, JPEG or SVG, at most 512 KB",
    "accent": "branding: {accent: '#1f4e79'}   # quoted: '#' starts a YAML comment",
    "agency": "branding: {agency: Northwind Social}",
    "contact": "branding: {contact: reports@northwind.example}",
    "analyst": "branding: {analyst: Ana Analyst}",
    "pdf": "pdf: true   # a PDF beside each report, attached to emails",
    "xlsx": "xlsx: true   # every table of a report as an XLSX workbook, linked from it",
    "export_day": "import_options: {tiktok: {export_day: 2026-03-01}}",
    "export_days": "import_options: {tiktok: {export_days: {\"2025/*.csv\": 2025-03-01}}}",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(Strict):
    """Every analysis threshold a client may override under ``thresholds:``; the defaults live here only.

    A misspelt key is an error like any other unknown field. Channel rules compare a
    channel with the client's own channels taken together (its *portfolio*), because
    "good" engagement differs by industry far more than between one client's channels.
    """

    # KPI review
    min_posts_per_cell: int = Field(3, ge=1, description="posts a weekday x hour cell needs to be ranked")
    min_action_posts: int = Field(10, ge=1, description="posts a posting slot or content type needs before the review "
                                                        "recommends it")
    min_mover_base: float = Field(30, ge=0, description="a count must be at least this, now and before, to be named "
                                                        "the biggest change of the period")
    # Competitor listening
    spike_window_days: int = Field(28, ge=7, description="days of the robust baseline a spike is measured against")
    spike_threshold: float = Field(3.5, gt=0, description="robust z-score (median / MAD) that counts as a spike")
    spike_min_volume: int = Field(10, ge=1, description="mentions a day needs before it can be a spike")
    spike_driver_min_mentions: int = Field(
        10, ge=1, description="extra mentions one driver must account for before it is named (and negative extra "
                              "mentions before a spike is called a possible crisis)")
    sov_min_mentions: int = Field(30, ge=1, description="tracked-brand mentions a period needs before a leader, "
                                                        "a change in share of voice or a competitor to watch is called")
    sentiment_min_mentions: int = Field(20, ge=1, description="positive plus negative mentions a brand needs in a "
                                                              "period before its net sentiment (or change) is called")
    theme_min_mentions: int = Field(30, ge=1, description="mentions a brand needs in the period and in the one "
                                                          "before before its rising themes are called")
    theme_min_authors: int = Field(5, ge=1, description="distinct authors using a term in the period before it "
                                                        "is called rising (one voice repeated is not a theme)")
    # Audience personas
    min_respondents: int = Field(50, ge=10, description="fewer survey respondents: breakdowns only, no personas")
    min_buyers: int = Field(20, ge=1, description="fewer respondents who bought: no verdict drawn from buyers "
                                                  "(channel fit, where buyers are, what they share)")
    fit_min_posts: int = Field(10, ge=1, description="fewer brand posts in the period: engagement is not "
                                                     "judged against buyers or sales (channel fit)")
    persona_channel_share: float = Field(0.5, gt=0, le=1, description="share of a persona using a channel "
                                                                      "before its summary and take-away name it")
    min_answers: int = Field(10, ge=1, description="fewer of a persona's respondents answered a question: its "
                                                   "take-away says nothing from that question")
    persona_name_effect: float = Field(0.5, gt=0, description="separation (Cohen's h or d) a trait needs to name a "
                                                              "persona apart from the others")
    # Annual strategy review
    dormant_days: int = Field(60, ge=1, description="no post for this many days before the inventory date: dormant")
    duplicate_similarity: float = Field(0.8, ge=0, le=1, description="handle similarity (0-1) that counts as similar")
    handover_days: int = Field(120, ge=0, description="one account stopped at most this long before the other began")
    min_posts: int = Field(5, ge=1, description="fewer posts: a content type or channel is not judged")
    reach_share_low: float = Field(0.5, ge=0, description="reach share below this x a fair share (1 / channels): low")
    reach_share_high: float = Field(0.75, ge=0, description="reach share at least this x a fair share: a strength")
    engagement_low: float = Field(0.5, ge=0, description="engagement rate below this x the portfolio's: low")
    engagement_high: float = Field(1.0, ge=0, description="engagement rate at least this x the portfolio's: a strength")
    yield_wrong_platform: float = Field(0.25, ge=0, description="conversion yield below this, engagement high: wrong platform")
    yield_low: float = Field(0.5, ge=0, description="conversion yield below this: converts poorly")
    yield_high: float = Field(0.75, ge=0, description="conversion yield at least this: conversions are a strength")
    cost_high: float = Field(1.5, gt=0, description="cost per result above this x the portfolio's: costly")
    fit_low: float = Field(0.8, ge=0, description="the channel's users buy below this x the average rate: poor fit")
    fit_high: float = Field(1.2, ge=0, description="the channel's users buy at least this x the average rate: good fit")
    fit_min_users: int = Field(20, ge=1, description="fewer respondents on a channel: audience fit not judged")
    content_keep: float = Field(1.1, gt=0, description="engagements or clicks per post at least this x the channel's: keep")
    content_drop: float = Field(0.8, gt=0, description="both below this x the channel's: drop")
    min_target_base: float = Field(30, ge=0, description="a count below this is too small to project a target from")
    min_verdict_days: int = Field(90, ge=1, description="days the channels' figures must span before keep / fix / stop "
                                                        "is called for the year")

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        pairs = [("reach_share_low", "reach_share_high"), ("engagement_low", "engagement_high"),
                 ("yield_low", "yield_high"), ("fit_low", "fit_high"), ("content_drop", "content_keep")]
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                raise ValueError(f"{low} ({getattr(self, low)}) is above {high} ({getattr(self, high)}); "
                                 f"the low bound must not exceed the high one")
        return self


class TikTokImport(Strict):
    """How year-less TikTok Studio dates (``"February 28"``, ``"8 de marzo"``) get their year.

    Years are assigned so that a file's last day falls on or before its export day: by default the
    file's modification day (the download day). Copying files resets it; these override it.
    """

    export_day: dt.date | None = Field(None, description="the day every TikTok Studio file was downloaded")
    export_days: dict[str, dt.date] = Field(
        default_factory=dict, description="per file: a path under the data folder (or a file name), `*` wildcards "
                                          "allowed -> its download day; wins over export_day")

    @field_validator("export_days")
    @classmethod
    def _patterns(cls, v: dict[str, dt.date]) -> dict[str, dt.date]:
        for pattern in v:
            if not pattern.strip() or pattern.startswith("/") or ".." in pattern.split("/"):
                raise ValueError(f"{pattern!r} is not a path under the data folder (use e.g. '2025/*.csv')")
        return v


class ImportOptions(Strict):
    """Per-source import options: what an export cannot say about itself."""

    tiktok: TikTokImport = Field(default_factory=TikTokImport)


class Location(Strict):
    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=20000)


class Competitor(Strict):
    name: str = Field(min_length=1)
    handles: dict[str, str] = Field(default_factory=dict)
    keywords: list[str] = Field(default_factory=list)


class Target(Strict):
    """Either an absolute value or a % change from the baseline."""

    value: float | None = None
    change_pct: float | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Target:
        if (self.value is None) == (self.change_pct is None):
            raise ValueError("give exactly one of 'value' or 'change_pct'")
        return self


class Goal(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    objective: Literal["awareness", "engagement", "audience_growth", "leads_sales", "web_traffic"]
    metric: str
    channel: str = "all"
    baseline: float | None = None  # None: measured from the data at `start`
    target: Target
    start: dt.date
    deadline: dt.date
    description: str = ""

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"'{v}' is not a known metric (known: {', '.join(sorted(METRICS))})")
        return v

    @field_validator("channel")
    @classmethod
    def _known_channel(cls, v: str) -> str:
        if v != "all" and v not in CHANNELS:
            raise ValueError(f"'{v}' is not a channel (use 'all' or one of {', '.join(CHANNELS)})")
        return v

    @model_validator(mode="after")
    def _dates(self) -> Goal:
        if self.deadline <= self.start:
            raise ValueError(f"deadline {self.deadline} is not after start {self.start}")
        return self


class ReportSpec(Strict):
    period: str = "last-full-month"
    enabled: bool = True
    stale_after_days: int | None = Field(
        None, ge=0, le=366,
        description="data may stop this many days before the period end; more: stale (default by period length)")

    def stale_after(self, period_days: int) -> int:
        """The allowed lag for a period of ``period_days`` days: this setting, else the default for that length."""
        from reporting.coverage.measure import default_stale_after

        return self.stale_after_days if self.stale_after_days is not None else default_stale_after(period_days)

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        from reporting.periods import parse_spec

        parse_spec(v)  # raises ValueError with the accepted forms
        return v


class Stakeholder(Strict):
    name: str
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    reports: list[str] = Field(default_factory=lambda: list(REPORTS))

    @field_validator("reports")
    @classmethod
    def _known_reports(cls, v: list[str]) -> list[str]:
        unknown = [r for r in v if r not in REPORTS]
        if unknown:
            raise ValueError(f"unknown report {unknown[0]!r} (known: {', '.join(REPORTS)})")
        return v


class ClientParams(Strict):
    """Everything a report needs to know about one client."""

    client_id: str
    display_name: str = Field(min_length=1)
    language: Literal["en", "ko", "el"] = "en"
    timezone: str = "UTC"
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    location: Location | None = None
    channels: list[str] = Field(min_length=1)
    handles: dict[str, str | list[str]] = Field(default_factory=dict)
    keywords: list[str] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    reports: dict[str, ReportSpec] = Field(default_factory=dict, validate_default=True)
    data_dir: str = ""
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    listening_columns: dict[str, str] = Field(
        default_factory=dict, description="Canonical mention column -> column name in another tool's export")
    survey_columns: dict[str, str] = Field(
        default_factory=dict, description="Persona feature -> survey/CRM column name")
    thresholds: Thresholds = Field(default_factory=Thresholds)
    import_options: ImportOptions = Field(
        default_factory=ImportOptions, description="Per-source import options (TikTok Studio export days)")
    demo: bool = Field(default=False, description="Data is generated by `reporting demo` when missing")
    branding: Branding = Field(default_factory=Branding)
    pdf: bool = Field(default=False, description="A PDF beside each report (WeasyPrint), attached to emails")
    xlsx: bool = Field(default=True, description="Every table of a report as one XLSX workbook, linked from it")

    @field_validator("client_id")
    @classmethod
    def _safe_id(cls, v: str) -> str:
        if not CLIENT_ID.match(v):
            raise ValueError(f"client id {v!r} must be lower-case letters, digits, '-' or '_' (no '/', no '..')")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            zoneinfo.ZoneInfo(v)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{v}' is not an IANA time zone") from None
        return v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: list[str]) -> list[str]:
        unknown = [c for c in v if c not in CHANNELS]
        if unknown:
            raise ValueError(f"unknown channel {unknown[0]!r} (known: {', '.join(CHANNELS)})")
        return v

    @field_validator("reports", mode="before")
    @classmethod
    def _report_names(cls, v: Any) -> Any:
        """Every known report, each with its registry default period unless the file sets one."""
        if not isinstance(v, dict):
            return v
        unknown = [r for r in v if r not in REPORTS]
        if unknown:
            raise ValueError(f"unknown report {unknown[0]!r} (known: {', '.join(REPORTS)})")
        out = {}
        for rid, kind in REGISTRY.items():
            spec = v.get(rid) or {}
            out[rid] = {"period": kind.default_period, **spec} if isinstance(spec, dict) else spec
        return out

    @property
    def data_path(self) -> Path:
        """The client's data folder (absolute)."""
        p = Path(self.data_dir or f"data/{self.client_id}")
        return p if p.is_absolute() else paths.project_root() / p

    def enabled_reports(self) -> list[str]:
        return [r for r in REPORTS if r in self.reports and self.reports[r].enabled]

    def brands(self) -> list[str]:
        """The client's own brand first, then competitors: the order used in every chart."""
        return [self.display_name] + [c.name for c in self.competitors]


class ParamsError(Exception):
    """A parameter file is invalid; the message is ready to show to the analyst."""

    def __init__(self, file: Path, messages: list[str]):
        self.file = file
        self.messages = messages
        super().__init__("\n".join(f"{_rel(file)}: {m}" for m in messages))


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(paths.project_root()))
    except ValueError:
        return str(p)


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


class _Loader(_LOADER):  # type: ignore[misc,valid-type]
    """YAML's safe loader, except that an impossible date (``2024-02-30``) stays text.

    PyYAML raises a bare ValueError for it; as text it reaches pydantic, whose error names the field.
    """

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _read_yaml(file: Path) -> dict[str, Any]:
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParamsError(file, [f"not valid YAML at {where}: {problem}. "
                                 "Fix: check indentation and quote values containing ':' or '#'."]) from None
    except UnicodeDecodeError:
        raise ParamsError(file, ["not UTF-8 text. Fix: save the file as UTF-8."]) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ParamsError(file, ["the top level must be a mapping of field: value. Fix: see params/demo-saas.yaml."])
    return raw


def _format_error(err: dict[str, Any]) -> str:
    loc = [str(x) for x in err["loc"]]
    field = ".".join(loc) or "(top level)"
    if err["type"] == "extra_forbidden":
        return f"{field}: unknown key (typo?). Fix: remove it or use a documented field; see params/README.md."
    msg = err["msg"].removeprefix("Value error, ")
    key = next((k for k in reversed(loc) if k in EXAMPLES), None)
    example = f" Example: {EXAMPLES[key]}" if key else ""
    if err["type"] == "missing":
        return f"{field}: required field is missing.{example}"
    return f"{field}: {msg}.{example}"


def load_client(client_id: str, params_dir: Path | None = None) -> ClientParams:
    """Load and validate one client's parameters, merged over the shared defaults.

    Raises :class:`ParamsError` naming the file, the field and the fix.
    """
    params_dir = params_dir or paths.params_dir()
    file = params_dir / f"{client_id}.yaml"
    if not CLIENT_ID.match(client_id):
        raise ParamsError(file, [f"client id {client_id!r} is not a safe name: use lower-case letters, digits,"
                                 " '-' or '_' (no '/', no '..'). Example: demo-cafe"])
    if not file.is_file():
        known = ", ".join(list_clients(params_dir)) or "none"
        raise ParamsError(file, [f"no such client. Fix: create {file.name} or use one of: {known}"])
    defaults_file = params_dir / DEFAULTS_FILE
    defaults = _read_yaml(defaults_file) if defaults_file.is_file() else {}
    raw = _deep_merge(defaults, _read_yaml(file))
    if "client_id" in raw and raw["client_id"] != client_id:
        raise ParamsError(file, [f"client_id: {raw['client_id']!r} differs from the file name. "
                                 f"Fix: remove client_id or set it to {client_id!r}."])
    raw["client_id"] = client_id
    try:
        params = ClientParams.model_validate(raw)
    except ValidationError as exc:
        raise ParamsError(file, [_format_error(e) for e in exc.errors()]) from None
    problems = _cross_checks(params)
    if problems:
        raise ParamsError(file, problems)
    return params


def _cross_checks(p: ClientParams) -> list[str]:
    """Checks that span fields: things pydantic sees one at a time."""
    problems = []
    for i, g in enumerate(p.goals):
        if g.channel != "all" and g.channel not in p.channels:
            problems.append(f"goals.{i}.channel: '{g.channel}' is not in this client's channels {p.channels}. "
                            f"Fix: add it to channels or set channel: all.")
        if METRICS[g.metric].objective != g.objective and g.objective in OBJECTIVES:
            pass  # a metric may serve another objective (clicks for awareness): allowed on purpose
    ids = [g.id for g in p.goals]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        problems.append(f"goals: duplicate goal id {sorted(dupes)[0]!r}. Fix: give each goal its own id.")
    if not p.data_path.is_dir() and not p.demo:
        problems.append(f"data_dir: folder {_rel(p.data_path)} does not exist. "
                        f"Fix: create it and drop the client's exports in it, or set data_dir.")
    if p.branding.logo_path is not None:
        try:
            check_logo(p.branding.logo_path)
        except LogoError as exc:
            problems.append(f"branding.logo: {exc}. Example: {EXAMPLES['logo']}")
    for i, s in enumerate(p.stakeholders):
        missing = [r for r in s.reports if r not in p.enabled_reports()]
        if missing:
            problems.append(f"stakeholders.{i}.reports: {missing[0]!r} is not produced for this client. "
                            f"Fix: enable it under reports or remove it from this stakeholder.")
    return problems


def list_clients(params_dir: Path | None = None) -> list[str]:
    """Client ids: every ``*.yaml`` in ``params/`` except files starting with '_'."""
    params_dir = params_dir or paths.params_dir()
    return sorted(p.stem for p in params_dir.glob("*.yaml") if not p.name.startswith("_"))


def load_all(params_dir: Path | None = None,
             only: list[str] | None = None) -> tuple[dict[str, ClientParams], dict[str, ParamsError]]:
    """Load every client; invalid ones are returned as errors, never raised, so the others still run."""
    good: dict[str, ClientParams] = {}
    bad: dict[str, ParamsError] = {}
    for cid in only or list_clients(params_dir):
        try:
            good[cid] = load_client(cid, params_dir)
        except ParamsError as exc:
            bad[cid] = exc
    return good, bad
