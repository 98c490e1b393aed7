"""A child process for the two-instance tests: one CyberCabinet that has the database open.

    python tests/reliability/holding_child.py hold DB_FILE QUESTIONNAIRES
        opens the database for writing, prints ``ready PID``, then obeys its standard input:
        ``answer ASSESSMENT QUESTION VALUE`` saves an answer and prints ``saved``; end of input
        closes the database and exits.

    python tests/reliability/holding_child.py take-turns DB_FILE QUESTIONNAIRES ASSESSMENT NAME N
        N times: tries to open the database for writing; when it gets it, records the moment it
        got it, saves 5 answers, records the moment it let go, and closes it; when another
        instance has it, waits a little and tries again. Prints one JSON line per turn.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.storage import DatabaseLockedError, open_database  # noqa: E402


def hold(url: str, folder: Path) -> None:
    import os

    db = open_database(url, questionnaires=folder)
    print("ready", os.getpid(), flush=True)
    for line in sys.stdin:
        words = line.split()
        if words and words[0] == "answer":
            db.save_answer(words[1], words[2], words[3], note="from the holder", by="holder")
            print("saved", flush=True)
    db.close()


def take_turns(url: str, folder: Path, assessment_id: str, name: str, turns: int) -> None:
    rng = random.Random(name)
    values = ["yes", "partly", "no"]
    done = refused = 0
    while done < turns:
        try:
            db = open_database(url, questionnaires=folder, backup=False)
        except DatabaseLockedError:
            refused += 1
            time.sleep(rng.uniform(0.0, 0.03))
            continue
        try:
            start = time.time()
            for index in range(5):
                db.save_answer(assessment_id, "BAK-01", values[index % 3],
                               note=f"{name}-{done}-{index}", by=name)
            end = time.time()
        finally:
            db.close()
        print(json.dumps({"name": name, "start": start, "end": end, "refused": refused}),
              flush=True)
        done += 1
        refused = 0
        time.sleep(rng.uniform(0.0, 0.02))


if __name__ == "__main__":
    if sys.argv[1] == "hold":
        hold(sys.argv[2], Path(sys.argv[3]))
    else:
        take_turns(sys.argv[2], Path(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]))
