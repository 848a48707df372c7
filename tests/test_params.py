"""Client parameters: every file in params/ validates, and each kind of bad input gets one clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reporting import params
from reporting.params import ParamsError, load_all, load_client
from reporting.registry import REPORTS

ROOT = Path(__file__).resolve().parents[1]

VALID = """\
display_name: Test Co
channels: [instagram, facebook]
timezone: Europe/Athens
data_dir: {data}
goals:
  - id: fans
    objective: awareness
    metric: followers
    channel: facebook
    target: {{change_pct: 10}}
    start: 2026-01-01
    deadline: 2026-03-31
"""


@pytest.fixture
def pdir(tmp_path: Path) -> Path:
    folder = tmp_path / "params"
    folder.mkdir()
    shutil.copy(ROOT / "params" / "_defaults.yaml", folder / "_defaults.yaml")
    (tmp_path / "data").mkdir()
    return folder


def write(pdir: Path, client: str, text: str) -> None:
    (pdir / f"{client}.yaml").write_text(text.format(data=pdir.parent / "data"), encoding="utf-8")


@pytest.mark.parametrize("client", params.list_clients(ROOT / "params"))
def test_every_params_file_validates(client: str) -> None:
    p = load_client(client, ROOT / "params")
    assert p.client_id == client
    assert p.enabled_reports() == list(REPORTS)  # the defaults enable all four


def test_valid_file_merges_defaults(pdir: Path) -> None:
    write(pdir, "test-co", VALID)
    p = load_client("test-co", pdir)
    assert p.reports["kpi_review"].period == "last-full-month"
    assert p.thresholds.dormant_days == 60
    assert p.goals[0].target.change_pct == 10
    assert p.brands() == ["Test Co"]


def _error(pdir: Path, text: str, client: str = "test-co") -> str:
    write(pdir, client, text)
    with pytest.raises(ParamsError) as info:
        load_client(client, pdir)
    message = str(info.value)
    assert message.startswith(f"params/{client}.yaml: ") or f"{client}.yaml: " in message
    return message


def test_malformed_yaml_names_the_line(pdir: Path) -> None:
    message = _error(pdir, "display_name: [unclosed\nchannels: [x]\n")
    assert "not valid YAML at line" in message and "Fix:" in message


def test_unknown_key_is_an_error(pdir: Path) -> None:
    message = _error(pdir, VALID + "timezon: Europe/Athens\n")
    assert "timezon: unknown key" in message


def test_unknown_report_name(pdir: Path) -> None:
    message = _error(pdir, VALID + "reports:\n  kpi_reveiw: {{period: last-full-month}}\n")
    assert "unknown report 'kpi_reveiw'" in message and "kpi_review" in message


def test_end_before_start(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("deadline: 2026-03-31", "deadline: 2025-12-01"))
    assert "goals.0" in message and "is not after start" in message and "Example: deadline:" not in message


def test_explicit_period_end_before_start(pdir: Path) -> None:
    message = _error(pdir, VALID + "reports:\n  kpi_review: {{period: 2026-10-31..2026-10-01}}\n")
    assert "reports.kpi_review.period" in message and "end date 2026-10-01 is before start date" in message
    assert "Example: period: last-full-month" in message


def test_unknown_goal_metric(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("metric: followers", "metric: folowers"))
    assert "goals.0.metric: 'folowers' is not a known metric" in message and "Example: metric: followers" in message


def test_missing_data_folder(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("data_dir: {data}", "data_dir: {data}/nowhere"))
    assert "data_dir: folder" in message and "does not exist" in message


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", "..", "Upper", ""])
def test_unsafe_client_id(pdir: Path, bad_id: str) -> None:
    with pytest.raises(ParamsError, match="not a safe name"):
        load_client(bad_id, pdir)


def test_goal_channel_must_be_a_client_channel(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("channel: facebook", "channel: linkedin"))
    assert "goals.0.channel: 'linkedin' is not in this client's channels" in message


def test_target_needs_exactly_one_form(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("{{change_pct: 10}}", "{{change_pct: 10, value: 5}}"))
    assert "exactly one of 'value' or 'change_pct'" in message


def test_bad_timezone_and_language(pdir: Path) -> None:
    message = _error(pdir, VALID.replace("Europe/Athens", "Mars/Olympus") + "language: fr\n")
    assert "timezone: 'Mars/Olympus' is not an IANA time zone" in message
    assert "language:" in message and "Example: language: en" in message


def test_one_bad_client_does_not_stop_the_others(pdir: Path) -> None:
    write(pdir, "good-co", VALID)
    write(pdir, "bad-co", VALID + "oops: 1\n")
    good, bad = load_all(pdir)
    assert list(good) == ["good-co"] and list(bad) == ["bad-co"]
    assert "oops: unknown key" in str(bad["bad-co"])


def test_missing_client_lists_known_ones(pdir: Path) -> None:
    write(pdir, "good-co", VALID)
    with pytest.raises(ParamsError, match="no such client.*good-co"):
        load_client("nope", pdir)


def test_misspelt_threshold_is_an_error_naming_the_field(pdir: Path) -> None:
    message = _error(pdir, VALID + "thresholds: {{dormant_dyas: 90}}\n")
    assert "test-co.yaml: thresholds.dormant_dyas: unknown key" in message


def test_threshold_overrides_and_bounds(pdir: Path) -> None:
    write(pdir, "test-co", VALID + "thresholds: {{dormant_days: 90, spike_threshold: 4}}\n")
    th = load_client("test-co", pdir).thresholds
    assert (th.dormant_days, th.spike_threshold, th.min_posts) == (90, 4.0, 5)  # the rest keep their defaults
    message = _error(pdir, VALID + "thresholds: {{fit_low: 1.5, fit_high: 1.2}}\n")
    assert "thresholds: fit_low (1.5) is above fit_high (1.2)" in message


def test_params_readme_lists_every_threshold() -> None:
    readme = (ROOT / "params" / "README.md").read_text(encoding="utf-8")
    missing = [name for name in params.Thresholds.model_fields if f"`{name}`" not in readme]
    assert not missing, f"params/README.md does not document thresholds {missing}"


def test_stale_after_days_is_validated_and_documented(pdir: Path) -> None:
    write(pdir, "test-co", VALID + "reports: {{kpi_review: {{stale_after_days: 4}}}}\n")
    p = load_client("test-co", pdir)
    assert p.reports["kpi_review"].stale_after(31) == 4 and p.reports["annual_strategy_review"].stale_after(365) == 10
    message = _error(pdir, VALID + "reports: {{kpi_review: {{stale_after_days: -1}}}}\n")
    assert "test-co.yaml: reports.kpi_review.stale_after_days: Input should be greater than or equal to 0" in message
    assert "Example: reports: {kpi_review: {stale_after_days: 3}}" in message
    readme = (ROOT / "params" / "README.md").read_text(encoding="utf-8")
    assert "## Data freshness" in readme and "`reports.<id>.stale_after_days` (0-366)" in readme
