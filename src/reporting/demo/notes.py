"""The demo clients' analyst notes: one per report for the periods due at the demo's end date.

They show what an analyst writes (context the data cannot know, pinned to the section it explains)
and that a note is untrusted text like any other: the KPI note of each client names a ``<script>``
tag, which the report shows as text. Written into ``notes/<period>/<report>.md`` of the client's data
folder, where an analyst would write them (see :mod:`reporting.notes`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reporting import periods
from reporting.notes import NOTES_DIR
from reporting.params import ClientParams

AUTHORS = {"ko": "이수진 (분석가)", "el": "Ελένη Παππά", "en": "Sam Rivera"}

TEXT: dict[str, dict[str, str]] = {
    "ko": {
        "kpi_review": (
            "이번 달 수치는 [예약 페이지](https://example.com/booking) 개편 이후의 첫 한 달입니다. "
            "개편 첫 사흘 동안 예약 페이지의 <script> 추적 태그가 빠져 있어 링크 클릭이 실제보다 적게 잡혔을 수 있습니다.\n\n"
            "## @times\n주말 오전 게시물은 **매장 사진**이 중심이었습니다. 다음 달에는 같은 시간대에 메뉴 소개를 시험해 봅니다.\n"),
        "competitor_listening": (
            "## @spikes\n{spike} 급증은 한 고객의 불만 게시물 하나에서 시작됐습니다. 매장에서 당일 답변했고, "
            "이후 언급은 평소 수준으로 돌아왔습니다.\n"),
        "audience_personas": "설문은 매장 방문 고객에게 QR 코드로 받았습니다. 온라인으로만 아는 고객은 적게 잡혔을 수 있습니다.\n",
        "annual_strategy_review": (
            "## @scorecard\n판정은 데이터 그대로입니다. 인스타그램 개선 계획은 1월 회의에서 함께 정하겠습니다.\n"),
    },
    "el": {
        "kpi_review": (
            "Ο μήνας περιλαμβάνει την αλλαγή του καταλόγου. Για τρεις μέρες λείπε το <script> μέτρησης από τη "
            "[σελίδα προϊόντων](https://example.com/catalogue), οπότε τα κλικ μπορεί να είναι λιγότερα από τα πραγματικά.\n\n"
            "## @times\nΟι αναρτήσεις του Σαββάτου ήταν κυρίως **νέες παραλαβές**.\n"),
        "competitor_listening": "Οι αναφορές των ανταγωνιστών ανέβηκαν λόγω των εκπτώσεων της εβδομάδας.\n",
        "audience_personas": (
            "## @personas\nΟι επαγγελματίες διακοσμητές απάντησαν μέσω του newsletter B2B· είναι λιγότεροι αλλά "
            "αγοράζουν συχνότερα.\n"),
        "annual_strategy_review": (
            "## @scorecard\nΤο Instagram φέρνει likes αλλά όχι πωλήσεις· το Facebook φτάνει τους ιδιοκτήτες σπιτιών "
            "που αγοράζουν. Προτείνουμε να το συζητήσουμε στην ετήσια συνάντηση.\n"),
    },
    "en": {
        "kpi_review": (
            "This month includes the pricing-page redesign. For three days the page's <script> tracking tag was "
            "missing, so [web traffic](https://example.com/pricing) from social is under-counted.\n\n"
            "## @goals\nThe demo-request goal assumes the webinar series continues in December.\n"),
        "competitor_listening": (
            "## @spikes\nThe {spike} spike is Paywise's product launch; none of it was about us.\n"),
        "audience_personas": "The survey ran in the product for two weeks; trial users answered more than customers.\n",
        "annual_strategy_review": (
            "## @content\nThe *Close Faster* campaign was planned as a one-week push; its drop after week one was "
            "expected.\n"),
    },
}


def write_notes(params: ClientParams, out_dir: Path, end: dt.date, signals: dict) -> list[Path]:
    """Write a note per enabled report for the period each report covers at ``end``; return the files."""
    texts = TEXT.get(params.language, TEXT["en"])
    spike = signals.get("viral_complaint") or signals.get("launch_spike") or {}
    written = []
    for report in params.enabled_reports():
        if report not in texts:
            continue
        period = periods.resolve(params.reports[report].period, params.timezone, end)
        body = texts[report].replace("{spike}", str(spike.get("date", "")))
        file = out_dir / NOTES_DIR / period.label / f"{report}.md"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"---\nauthor: {AUTHORS.get(params.language, AUTHORS['en'])}\ndate: {end.isoformat()}\n---\n"
                        f"{body}", encoding="utf-8")
        written.append(file)
    return written
