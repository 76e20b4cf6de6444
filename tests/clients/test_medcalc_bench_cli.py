"""``clinverify verify --medcalc-bench``: upstream MedCalc-Bench ``run.py`` output rows joined to the
dataset by row number, the per-category and overall accuracy of the upstream evaluation
(``evaluation/table_stats.py``), and the comparison with the upstream ``Result`` column.

The rows are synthetic upstream-format rows made from real dataset rows (by row number) with LLM
answers set here (right, wrong, unparseable); no published model output is used. Skipped when
../shared/medcalc-bench is absent (the ``medcalc_rows`` fixture)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from clinverify.clients.cli import main
from clinverify.datasets.medcalc_bench import data_dir

_DEFAULT = object()


def upstream_row(r, answer: str, result: str | None = "Correct", explanation: str = "N/A") -> dict:
    """A row as upstream run.py writes it: no Lower/Upper Limit, no Relevant Entities."""
    out = {
        "Row Number": r.row,
        "Calculator Name": r.calculator_name,
        "Calculator ID": str(r.calculator_id),
        "Category": r.category,
        "Note ID": "synthetic",
        "Patient Note": r.note,
        "Question": r.question,
        "LLM Answer": answer,
        "LLM Explanation": explanation,
        "Ground Truth Answer": r.label,
        "Ground Truth Explanation": r.explanation,
    }
    if result is not None:
        out["Result"] = result
    return out


def run_verify(tmp_path: Path, rows: list, capsys, bench=_DEFAULT, extra: tuple = ()) -> tuple[int, list[dict], str]:
    src = tmp_path / "run_py_output.jsonl"
    src.write_text("".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    argv = ["verify", "--input", str(src), "--output", str(out), *extra]
    if bench is not None:
        argv += ["--medcalc-bench"] if bench is _DEFAULT else ["--medcalc-bench", str(bench)]
    code = main(argv)
    err = capsys.readouterr().err
    results = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return code, results, err


@pytest.fixture
def by_row(medcalc_rows):
    return {r.row: r for r in medcalc_rows}


def test_limits_come_from_the_dataset(tmp_path, capsys, by_row):
    """An answer inside the row's Lower/Upper limits but outside +-5 % of the label is right only
    with the join. v1.0's decimal limits are exactly +-5 % of the label, so the dataset here is a
    copy of real rows (same columns) whose row 1 limits are widened to +-10 %."""
    r = by_row[1]
    label = float(r.label)  # 25.238
    answer = f"{label * 1.08:.3f}"  # inside +-10 %, outside +-5 %
    source = data_dir() / "test_data_v1.0.csv"
    with open(source, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        kept = [d for d in reader if int(d["Unique ID"]) in (1, 2)]
    kept[0]["Lower Limit"], kept[0]["Upper Limit"] = f"{label * 0.9:.4f}", f"{label * 1.1:.4f}"
    dataset = tmp_path / "dataset.csv"
    with open(dataset, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(kept)

    rows = [upstream_row(r, answer)]
    _, plain, _ = run_verify(tmp_path, rows, capsys, bench=None)
    assert plain[0]["answer"]["correct"] is False  # no limits in the row: +-5 % of the label
    code, joined, err = run_verify(tmp_path, rows, capsys, bench=dataset)
    assert code == 0
    assert joined[0]["answer"]["correct"] is True
    assert joined[0]["medcalc_bench"] == {"row": 1, "category": "lab", "result": "Correct"}
    assert "upstream Result: 1 of 1 rows agree" in err


def test_entities_and_note_come_from_the_dataset(tmp_path, capsys, by_row):
    """A row without note or entities: the stated weight is checked only with the join (row 1: 48 kg)."""
    r = by_row[1]
    row = upstream_row(r, "25.2", explanation="The patient's weight is 60 kg.\nAnswer: 25.2")
    del row["Patient Note"]
    _, plain, _ = run_verify(tmp_path, [row], capsys, bench=None)
    assert plain[0]["steps"][0]["verdict"] == "neutral"
    _, joined, _ = run_verify(tmp_path, [row], capsys)
    step = joined[0]["steps"][0]
    assert (step["verdict"], step["error"]) == ("incorrect", "extraction")
    assert "48" in step["detail"]


def test_accuracy_per_category_and_the_result_comparison(tmp_path, capsys, by_row):
    rows = [
        upstream_row(by_row[1], "25.5", "Correct"),  # lab 25.238: right; upstream agrees
        upstream_row(by_row[2], "50", "Correct"),  # lab 38: wrong; upstream disagrees
        upstream_row(by_row[3], "I cannot tell", "Incorrect"),  # lab: unparseable, wrong; agrees
        upstream_row(by_row[301], "1", "Correct"),  # severity 1: right; agrees
        upstream_row(by_row[302], "3", "Incorrect"),  # severity 3: right; upstream disagrees
        upstream_row(by_row[928], "09/23/2014", None),  # date: right; no Result, not compared
        {**upstream_row(by_row[1], "25.5"), "Row Number": 5000},  # line 7: not in the dataset
        "\n",  # line 8: blank, no output row
        {**upstream_row(by_row[4], "1"), "Row Number": None},  # line 9: no row number
    ]
    report = tmp_path / "report.md"
    code, res, err = run_verify(tmp_path, rows, capsys, extra=("--report", str(report)))
    assert code == 0
    assert [x["answer"]["correct"] for x in res[:6]] == [True, False, False, True, True, True]
    assert res[6]["line"] == 7 and res[6]["id"] == 5000 and res[6]["error"]["code"] == "unknown_row"
    assert "5000" in res[6]["error"]["message"]
    assert res[7]["line"] == 9 and res[7]["error"]["code"] == "missing_field"

    # By hand, upstream's rule: mean of the scores in percent (2 decimals), std sqrt(p(1-p)/n) (2 decimals).
    # clinverify: lab 1/3 = 33.33 % (sqrt(1/3*2/3/3) = 0.27), severity 2/2 = 100 % (0), date 1/1 = 100 % (0),
    # overall 4/6 = 66.67 % (sqrt(2/3*1/3/6) = 0.19).
    # upstream Result: lab 2/3 = 66.67 % (0.27), severity 1/2 = 50 % (0.35), overall 3/5 = 60 % (sqrt(.6*.4/5) = 0.22).
    from clinverify.datasets.medcalc_outputs import BenchSummary

    summary = BenchSummary()
    for x in res:
        summary.add(x)
    assert summary.stats(summary.scores) == {
        "date": {"average": 100.0, "std": 0.0},
        "lab": {"average": 33.33, "std": 0.27},
        "severity": {"average": 100.0, "std": 0.0},
        "overall": {"average": 66.67, "std": 0.19},
    }
    assert summary.stats(summary.upstream) == {
        "lab": {"average": 66.67, "std": 0.27},
        "severity": {"average": 50.0, "std": 0.35},
        "overall": {"average": 60.0, "std": 0.22},
    }
    lines = err.splitlines()
    assert any(line.split()[:3] == ["lab", "1/3", "33.33%"] and "upstream 66.67% ± 0.27" in line for line in lines)
    assert any(line.split()[:3] == ["overall", "4/6", "66.67%"] and "upstream 60.00% ± 0.22" in line for line in lines)
    assert "upstream Result: 3 of 5 rows agree with clinverify's answer check; disagree on rows 2, 302" in err
    assert "2 result rows without a dataset row" in err
    assert lines[-1] == f"verify: 8 rows, 2 errors, 2 wrong answers -> {tmp_path / 'results.jsonl'}"  # 6 scored, 4 correct

    text = report.read_text(encoding="utf-8")
    assert "## MedCalc-Bench accuracy per category (upstream rule)" in text
    assert "| lab | 3 | 1 | 33.33% ± 0.27 | 66.67% ± 0.27 |" in text
    assert "| date | 1 | 1 | 100.00% ± 0.00 | – |" in text
    assert "| overall | 6 | 4 | 66.67% ± 0.19 | 60.00% ± 0.22 |" in text
    assert "disagree on rows 2, 302" in text


def test_unique_id_and_resume(tmp_path, capsys, by_row):
    """"Unique ID" (the v1.0 column) joins like "Row Number"; resumed rows count in the summary."""
    first = upstream_row(by_row[301], "1", "Correct")
    second = {k: v for k, v in upstream_row(by_row[2], "38.5", "Incorrect").items() if k != "Row Number"}
    second["Unique ID"] = "2"
    code, res, err = run_verify(tmp_path, [first, second], capsys)
    assert code == 0 and [x["answer"]["correct"] for x in res] == [True, True]
    out = tmp_path / "results.jsonl"
    partial = tmp_path / "results.jsonl.partial"
    partial.write_text(out.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    out.unlink()
    code, res, err2 = run_verify(tmp_path, [first, second], capsys, extra=("--resume",))
    assert code == 0 and len(res) == 2
    assert "(1 resumed)" in err2
    assert "upstream Result: 1 of 2 rows agree with clinverify's answer check; disagree on rows 2" in err2


def test_usage_errors_and_help(tmp_path, capsys, medcalc_rows):
    src = tmp_path / "in.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    assert main(["verify", "--medcalc-bench", str(tmp_path / "absent"), "--input", str(src)]) == 2
    assert "--medcalc-bench: cannot read" in capsys.readouterr().err
    assert main(["verify", "--help"]) == 0
    assert "--medcalc-bench [PATH]" in capsys.readouterr().out
