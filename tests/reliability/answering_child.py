"""A child process for the SIGKILL test: the real storage facade, answering as fast as it can.

    python tests/reliability/answering_child.py DB_FILE QUESTIONNAIRES_FOLDER FIRST_SEQUENCE

Opens the database for writing (creating, migrating and backing it up as the app does), finds
or creates its practice and assessment, prints ``ready ASSESSMENT_ID``, then saves answers in a
loop. Each answer is printed (``SEQ QUESTION VALUE``) only after ``save_answer`` has returned,
i.e. after its transaction committed: a printed answer is an answer the app reported saved. The
note of answer SEQ is ``k<SEQ>``, so that the parent can find every one of them in the history.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.storage import open_database  # noqa: E402  (after the path set-up above)

# (question, values): valid answers of tests/data/example.yaml, cycled through. PRF-SERVER stays
# "yes" so that SRV-01 is always asked (skip logic).
PLAN: list[tuple[str, list[object]]] = [
    ("BAK-01", ["yes", "partly", "no", "unknown"]),
    ("BAK-02", [0, 1, 2, 3, 7]),
    ("PRF-SERVER", ["yes"]),
    ("SRV-01", ["yes", "no", "not_applicable"]),
    ("AWR-01", [["phishing"], ["phishing", "passwords"], ["none"]]),
]


def main() -> None:
    url, folder, first = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    db = open_database(url, questionnaires=folder)
    practices = db.list_practices()
    practice = practices[0] if practices else db.create_practice("Cabinet Kill")
    rows = db.list_assessments(practice_id=practice.id, limit=None).rows
    assessment = rows[0] if rows else db.create_assessment(practice.id,
                                                           questionnaire_id="example")
    if first == 0:
        db.save_answer(assessment.id, "PRF-SERVER", "yes", by="child")
    print("ready", assessment.id, flush=True)
    for sequence in itertools.count(first):
        question, values = PLAN[sequence % len(PLAN)]
        value = values[(sequence // len(PLAN)) % len(values)]
        db.save_answer(assessment.id, question, value, note=f"k{sequence}", by="child")  # type: ignore[arg-type]
        print(sequence, question, json.dumps(value), flush=True)  # after the commit


if __name__ == "__main__":
    main()
