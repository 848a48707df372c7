"""Generation as a whole: determinism, history range, atomic replacement, planted.json, volumes."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from demo_support import CLIENTS, END

from reporting.demo import generate_all, generator, survey
from reporting.demo.context import Context
from reporting.demo.profiles import profile_for
from reporting.params import load_client


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_regenerating_gives_identical_bytes_and_replaces_the_folder(demo_root: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # generate_all again into a stand-in data folder holding a stale file: the folder is replaced
    # atomically and every file matches the session's byte for byte
    target = tmp_path / "demo-saas"
    target.mkdir()
    (target / "stale-export.csv").write_text("old")
    params = load_client("demo-saas").model_copy(update={"data_dir": str(target)})
    monkeypatch.setattr(generator, "load_all", lambda only=None: ({"demo-saas": params}, {}))
    assert generate_all(end=END, only=["demo-saas"]) == {"demo-saas": target}
    assert _digests(target) == _digests(demo_root / "demo-saas")
    assert [p.name for p in tmp_path.iterdir()] == ["demo-saas"]  # no temporary or old sibling left behind


def test_the_seed_drives_every_random_stream() -> None:
    params = load_client("demo-cafe")
    same = [survey.respondents(Context.create(params, profile_for(params), END, seed)) for seed in (7, 7, 8)]
    assert same[0].equals(same[1]) and not same[0].equals(same[2])


@pytest.mark.parametrize("client", CLIENTS)
def test_history_runs_from_january_two_years_back_to_the_day_before_end(planted: dict, client: str) -> None:
    assert planted[client]["history"] == {"first": "2024-01-01", "last": "2026-11-21"}
    assert planted[client]["end"] == END.isoformat()


@pytest.mark.parametrize("client", CLIENTS)
def test_volumes_are_in_the_requested_ranges(planted: dict, client: str) -> None:
    totals = planted[client]["totals"]
    weeks = (END - dt.date(2024, 1, 1)).days / 7
    for channel, posts in totals["posts"].items():
        assert 1 <= posts / weeks <= 12, channel  # YouTube posts about once a week, the rest 3-10
    per_day = sum(totals["mentions"].values()) / (weeks * 7)
    assert 20 <= per_day <= 150
    assert 300 <= totals["respondents"] <= 500
    assert len(planted[client]["personas"]["respondents"]) == totals["respondents"]


def test_every_written_file_is_listed_in_planted_json(demo_root: Path, planted: dict) -> None:
    for client in CLIENTS:
        listed = {f["file"] for f in planted[client]["files"]}
        if "labels" in planted[client]:
            listed.add(planted[client]["labels"]["file"])
        listed |= set(planted[client]["notes"])  # the analyst's notes, one per report
        folder = demo_root / client
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"planted.json"}
        assert listed == on_disk


def test_a_demo_client_without_its_own_profile_gets_a_generic_one() -> None:
    params = load_client("demo-furniture").model_copy(
        update={"client_id": "another-shop", "channels": ["instagram", "tiktok", "facebook"]})
    profile = profile_for(params)
    assert list(profile.channels) == ["instagram", "tiktok", "facebook"]
    assert list(profile.brand_volume) == params.brands()
    assert not (profile.viral_complaint or profile.launch_spike or profile.dormant_handle)
