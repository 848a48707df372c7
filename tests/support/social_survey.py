"""A generated survey with the shape of the widely shared Google-Forms social-media survey (481 answers).

Same questions as headers (``1. What is your age?`` ... ``20. ...``), multi-select platforms
comma-joined, time online as bucket text, Likert items, CRLF, and no purchase question: the shape
of the real survey a user ran the personas report on (see ``../shared/real-exports/FORMATS.md``
section 10). The values are generated, never copied: three planted groups, two of which are both
young university students and differ only in time online, the case that gave two personas
near-identical names.
"""

from __future__ import annotations

import csv
import io

import numpy as np

AGE = "1. What is your age?"
GENDER = "2. Gender"
OCCUPATION = "4. Occupation Status"
ORGANISATIONS = "5. What type of organizations are you affiliated with?"
PLATFORMS = "7. What social media platforms do you commonly use?"
TIME_ONLINE = "8. What is the average time you spend on social media every day?"
LIKERT = [f"{i}. Likert item {i}" for i in range(9, 21)]
HEADER = ["Timestamp", AGE, GENDER, "3. Relationship Status", OCCUPATION, ORGANISATIONS,
          "6. Do you use social media?", PLATFORMS, TIME_ONLINE, *LIKERT]
# How an analyst maps it (personas.survey_columns): no purchase question exists to map.
MAPPING = {"age": AGE, "gender": GENDER, "values": OCCUPATION, "interests": ORGANISATIONS, "channels": PLATFORMS,
           "hours_per_day": TIME_ONLINE}
BUCKETS = ("Less than an Hour", "Between 1 and 2 hours", "Between 2 and 3 hours", "Between 3 and 4 hours",
           "Between 4 and 5 hours", "More than 5 hours")
# group: weight, age (mean, sd), occupation, organisations, platforms (each used with its probability), buckets
GROUPS = {
    "students_heavy": (0.42, (21, 1.8), "University Student", ("University",),
                       {"Facebook": 0.9, "Instagram": 0.85, "YouTube": 0.9, "Discord": 0.5, "TikTok": 0.45,
                        "Snapchat": 0.35, "Reddit": 0.3}, (4, 5)),
    "students_light": (0.36, (21, 1.8), "University Student", ("University",),
                       {"Facebook": 0.85, "YouTube": 0.8, "Instagram": 0.35, "Pinterest": 0.15}, (0, 1)),
    "workers": (0.22, (34, 6.0), "Salaried Worker", ("Private", "Company"),
                {"Facebook": 0.9, "YouTube": 0.75, "Pinterest": 0.45, "Twitter": 0.35}, (2, 3)),
}


def social_survey_csv(n: int = 481, seed: int = 11) -> tuple[str, dict[str, str]]:
    """The survey as the CSV text Google Forms writes (CRLF), and the planted group of every row (``file.csv#row``)."""
    rng = np.random.default_rng(seed)
    names = list(GROUPS)
    labels = rng.choice(names, size=n, p=[GROUPS[g][0] for g in names])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    truth = {}
    for i, group in enumerate(labels):
        _, (mean, sd), occupation, organisations, platforms, buckets = GROUPS[group]
        used = [p for p, share in platforms.items() if rng.random() < share] or ["Facebook"]
        age = int(np.clip(round(rng.normal(mean, sd)), 14, 69))
        bucket = BUCKETS[int(rng.integers(buckets[0], buckets[1] + 1))]
        gender = str(rng.choice(["Male", "Female", "Nonbinary"], p=[0.48, 0.49, 0.03]))
        orgs = ", ".join(o for o in organisations if rng.random() < 0.9) or organisations[0]
        day = 18 + i % 10
        writer.writerow([f"4/{day}/2022 {8 + i % 12}:{i % 60:02d}:{(7 * i) % 60:02d}", age, gender,
                         str(rng.choice(["Single", "In a relationship", "Married"])), occupation, orgs, "Yes",
                         ", ".join(used), bucket, *(int(v) for v in rng.integers(1, 6, size=len(LIKERT)))])
        truth[f"{i}"] = str(group)
    return out.getvalue(), truth
