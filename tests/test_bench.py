"""The benchmark harness itself (bench/): its statistics, its fixture database, its probe.

The figures are not asserted here (they belong to docs/benchmarks.md and depend on the
machine); what is tested is that the harness measures what it says it measures.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import common  # noqa: E402


def test_percentile_is_a_measured_value_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert common.percentile(values, 50) == 50.0
    assert common.percentile(values, 95) == 95.0
    assert common.percentile([3.0, 1.0, 2.0], 100) == 3.0
    assert common.percentile([7.0], 95) == 7.0
    assert math.isnan(common.percentile([], 50))


def test_row_ratio_result_and_table() -> None:
    row = common.Row("save", 8.0, "ms", 2.0, "raw", "≤ 10x", passed=True)
    assert row.ratio == pytest.approx(4.0)
    assert row.result == "PASS"
    assert common.Row("x", 1.0, "s").result == "—"
    assert common.Row("x", 1.0, "s", passed=False).result == "MISS"
    text = common.table([row])
    assert "4.00x" in text and "PASS" in text and "2.00 ms (raw)" in text
    markdown = common.table([row], markdown=True).splitlines()
    assert markdown[0].startswith("| what |") and markdown[2].count("|") == 7
    assert common.Row.from_json(json.loads(json.dumps(row.to_json()))) == row


def test_peak_memory_is_read_and_grows() -> None:
    # A fresh interpreter: in a long pytest process the peak may already be far above 64 MB,
    # and the high-water mark would then not move.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import common\n"
        "before = common.peak_rss_mb()\n"
        "block = bytearray(64 * 1024 * 1024)\n"
        "block[::4096] = b'x' * len(block[::4096])\n"
        "print(before, common.peak_rss_mb())\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(BENCH)],
                            check=True, capture_output=True, text=True)
    before, after = (float(v) for v in result.stdout.split())
    assert before > 0
    assert after >= before + 50


def test_fixture_database_is_what_the_app_reads(tmp_path: Path) -> None:
    from app.domain.skip_logic import visible_question_ids
    from app.storage import open_database

    fixture = common.make_database(tmp_path / "practice.sqlite3", 3, draft_done=0.5)
    with open_database(str(fixture.path), backup=False) as db:
        rows = db.list_assessments(limit=None).rows
        assert {r.id for r in rows} == set(fixture.assessment_ids)
        statuses = {r.id: r.status.value for r in rows}
        assert statuses[fixture.draft_id] == "draft"
        assert sorted(statuses.values()) == ["draft", "signed", "signed"]
        questionnaire = db.questionnaire(fixture.draft_id)
        for row in rows:
            snapshot = db.load_snapshot(row.id)
            asked = visible_question_ids(questionnaire, snapshot.values)
            assert row.answer_count == len(snapshot.answers)
            assert row.asked == len(asked) > 0
            assert row.answered == len(asked & set(snapshot.values))
        draft = db.load_snapshot(fixture.draft_id)
        signed = db.load_snapshot(fixture.assessment_ids[0])
        assert 0 < len(draft.answers) < len(signed.answers)
        # every stored answer is valid for its question: the facade accepts it again
        question_id, answer = next(iter(signed.answers.items()))
        db.save_answer(fixture.draft_id, question_id, answer.value)


def _probe(arguments: list[str], home: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CYBERCABINET_HOME=str(home))
    done = subprocess.run([sys.executable, str(BENCH / "startup_probe.py"), *arguments],
                          env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("READY "))
    payload: dict[str, object] = json.loads(line[len("READY "):])
    return payload


@pytest.mark.slow
def test_probe_reports_the_bare_app_and_the_real_window(tmp_path: Path) -> None:
    bare = _probe(["bare"], tmp_path)
    assert isinstance(bare["peak_mb"], float) and bare["peak_mb"] > 10
    fixture = common.make_database(tmp_path / "practice.sqlite3", 2)
    app = _probe(["app", "--db", str(fixture.path)], tmp_path)
    assert app["page"] == "QUESTIONNAIRE"  # resumed on the draft, as a practice finds it
    facts = app["usable"]
    assert isinstance(facts, dict)
    assert facts["database_open"] and facts["window_enabled"] and facts["list_rows"] == 2
    assert facts["questionnaire_enabled"] and not facts["list_shown"]
    assert isinstance(app["at"], float) and isinstance(app["cpu"], float)
    assert app["peak_mb"] > bare["peak_mb"]  # type: ignore[operator]


def test_a_usable_window_is_one_with_its_list_and_actions() -> None:
    import bench_usable_window as usable

    facts = {"database_open": True, "window_enabled": True, "page": "START",
             "list_rows": usable.ASSESSMENTS, "list_shown": True, "start_actions_enabled": True,
             "questionnaire_enabled": False}
    assert usable.usable_on_list({"usable": facts})
    # the window painted while the database opens is not usable: each missing fact refuses it
    for fact, value in (("database_open", False), ("window_enabled", False),
                        ("list_shown", False), ("list_rows", 0),
                        ("start_actions_enabled", False)):
        assert not usable.usable_on_list({"usable": {**facts, fact: value}}), fact
    assert not usable.usable_on_list({})
    assert not usable.usable_on_question({"usable": facts})
    assert usable.usable_on_question({"usable": {**facts, "page": "QUESTIONNAIRE",
                                                 "questionnaire_enabled": True}})


def test_py_spy_stacks_are_summed_per_function() -> None:
    import bench_usable_window as usable

    raw = ("thread (1): MainThread;main (a.py:3);work (a.py:10) 6\n"
           "thread (1): MainThread;main (a.py:3);work (a.py:11);work (a.py:10) 2\n"
           "thread (2): warm;_find_and_load (<frozen importlib._bootstrap>:1);load (b.py:1) 2\n")
    lines = usable.py_spy_top(raw, 10)
    assert "10 samples" in lines[0]
    assert any("MainThread: 80%" in line for line in lines)
    shares = {line.split()[-2]: line.split()[0] for line in lines if line.startswith("   ")}
    assert shares["work"] == "80.0%"  # counted once per stack, recursion or not
    assert shares["main"] == "80.0%" and shares["load"] == "20.0%"
    assert not any("frozen importlib" in line for line in lines)
    # without --threads the first frame is a function, not a thread
    assert "100.0%" in usable.py_spy_top("main (a.py:1);f (a.py:2) 3\n", 5)[-1]


def test_report_probe_baseline_writes_a_pdf_and_says_when(tmp_path: Path) -> None:
    import bench_first_report as first_report

    out = tmp_path / "plain.pdf"
    payload = first_report.launch(["baseline", str(out)], dict(os.environ))
    assert out.read_bytes().startswith(b"%PDF")
    assert 0 < payload["steps"]["main"] <= payload["steps"]["imports"] <= payload["elapsed"]
    assert payload["elapsed"] == payload["steps"]["written"]
