"""The friendlier CLI (issue 15 item 5): ``--version`` from the package metadata, ``--format
table`` for ``calc`` and ``verify`` (values rounded to the calculator's declared precision; JSON
keeps full precision), the end-of-batch summary with wrong answers, and ``--report`` refusing
unknown suffixes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from clinverify.clients.cli import main, verify_main

BIN = Path(sys.executable).parent
CG = {"sex": "Female", "age": [72, "years"], "weight": [59, "kg"], "height": [160, "cm"], "creatinine": [1.3, "mg/dL"]}
BMI = {"weight": [70, "kg"], "height": [170, "cm"]}
GOOD = "BMI = 70 / (1.7 * 1.7) = 24.22 kg/m^2.\nAnswer: 24.22"
BAD = "BMI = 70 / (1.7 * 1.7) = 26.22 kg/m^2.\nAnswer: 26.22"


def jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def verify_input(tmp_path: Path) -> Path:
    f = tmp_path / "traces.jsonl"
    rows = [{"id": "good", "calculator": "bmi", "entities": BMI, "trace": GOOD}, {"id": "bad", "calculator": "bmi", "entities": BMI, "trace": BAD}]
    f.write_text(jsonl(rows) + "{broken\n", encoding="utf-8")
    return f


@pytest.mark.parametrize("script", ["clinverify", "verify"])
def test_version_comes_from_the_package_metadata(script):
    out = subprocess.run([str(BIN / script), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"clinverify {version('clinverify')}"


def test_version_in_process(capsys):
    assert main(["--version"]) == 0 and verify_main(["--version"]) == 0 and main(["verify", "--version"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"clinverify {version('clinverify')}"] * 3


def test_calc_table_rounds_to_the_declared_precision_and_json_keeps_full_precision(capsys):
    assert main(["calc", "cockcroft_gault", "--entities", json.dumps(CG)]) == 0
    full = json.loads(capsys.readouterr().out)["value"]
    assert abs(full - 32.3469) < 1e-3 and len(str(full)) > 8  # full precision in JSON
    assert main(["calc", "cockcroft_gault", "--entities", json.dumps(CG), "--format", "table"]) == 0
    head, row = capsys.readouterr().out.splitlines()
    assert head.split() == ["id", "calculator", "value", "unit", "notes"]
    assert row.split()[:3] == ["cockcroft_gault", "32.3", "mL/min"]  # declared 1 decimal
    assert str(full) not in row


def test_calc_batch_table_one_line_per_row_with_errors(tmp_path, capsys):
    f = tmp_path / "rows.jsonl"
    f.write_text(jsonl([{"id": 1, "calculator": "bmi", "entities": BMI}, {"id": 2, "calculator": "qtc_bazett", "entities": {"qt_interval": 400, "heart_rate": 75}},
                        {"id": 3, "calculator": "bmi", "entities": {"weight": [70, "kg"]}}]) + "[]\n", encoding="utf-8")
    assert main(["calc", "--input", str(f), "--format", "table", "--no-progress"]) == 0
    cap = capsys.readouterr()
    lines = cap.out.splitlines()
    assert len(lines) == 5 and lines[0].startswith("id")
    assert lines[1].split()[:4] == ["1", "bmi", "24.2", "kg/m^2"]
    assert lines[2].split()[:3] == ["2", "qtc_bazett", "447"]  # declared 0 decimals
    assert lines[3].split()[:2] == ["3", "bmi"] and "error invalid_input" in lines[3]
    assert "error invalid_row: line 4" in lines[4]
    assert cap.err.strip().splitlines()[-1] == "calc: 4 rows, 2 errors"


def test_verify_table_per_step_and_summary_with_wrong_answers(tmp_path, capsys):
    f = verify_input(tmp_path)
    assert main(["verify", "--input", str(f), "--format", "table", "--no-progress"]) == 0
    cap = capsys.readouterr()
    blocks = cap.out.split("\n\n")
    good, bad, broken = blocks[0], blocks[1], blocks[2]
    assert good.startswith("== good  bmi  answer 24.2 (expected 24.2, from entities): correct")
    assert "scores: answer 1.00" in good
    head, *steps = [line.split() for line in good.splitlines()[2:]]
    assert head == ["step", "verdict", "error", "score", "text"] and [s[:2] for s in steps] == [["0", "correct"], ["1", "correct"]]
    assert "answer 26.2 (expected 24.2, from entities): wrong, cause arithmetic" in bad
    lines = bad.splitlines()
    i = next(k for k, line in enumerate(lines) if line.split()[:3] == ["0", "incorrect", "arithmetic"])
    assert lines[i + 1].strip() == "-> 70 / (1.7 * 1.7) = 24.2215, not 26.22"
    assert broken.startswith("== –  error invalid_json: line 3: invalid JSON")
    assert cap.err.strip().splitlines()[-1] == "verify: 3 rows, 1 error, 1 wrong answer"


def test_verify_json_output_is_unchanged_by_the_summary(tmp_path, capsys):
    f = verify_input(tmp_path)
    out = tmp_path / "results.jsonl"
    assert main(["verify", "--input", str(f), "--output", str(out), "--no-progress"]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["good", "bad", None]
    assert rows[1]["answer"]["expected"] == pytest.approx(24.2215, abs=1e-4)  # full precision
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"verify: 3 rows, 1 error, 1 wrong answer -> {out}"


def test_table_cannot_be_resumed(tmp_path, capsys):
    f = verify_input(tmp_path)
    out = tmp_path / "out.txt"
    assert main(["verify", "--input", str(f), "--output", str(out), "--format", "table", "--resume"]) == 2
    assert "--resume continues JSON lines" in capsys.readouterr().err and not out.exists()
    assert main(["calc", "--input", str(f), "--format", "xml"]) == 2


@pytest.mark.parametrize("name", ["r.pdf", "r", "r.txt", "r.html.bak"])
def test_report_with_an_unknown_extension_is_refused_before_anything_runs(tmp_path, capsys, name):
    f = verify_input(tmp_path)
    out = tmp_path / "results.jsonl"
    assert main(["verify", "--input", str(f), "--output", str(out), "--report", str(tmp_path / name)]) == 2
    cap = capsys.readouterr()
    assert f"--report {tmp_path / name}: unknown report format" in cap.err and ".md" in cap.err and ".html" in cap.err
    assert cap.out == "" and sorted(p.name for p in tmp_path.iterdir()) == ["traces.jsonl"]


@pytest.mark.parametrize("name", ["r.md", "r.markdown", "R.HTML", "r.htm"])
def test_report_with_a_known_extension(tmp_path, capsys, name):
    f = verify_input(tmp_path)
    assert main(["verify", "--input", str(f), "--report", str(tmp_path / name), "--no-progress"]) == 0
    text = (tmp_path / name).read_text(encoding="utf-8")
    if name.lower().endswith((".html", ".htm")):
        assert text.startswith("<!doctype html>")
        data = json.loads(re.search(r"<script type='application/json' id='trace-data'>(.*?)</script>", text, re.S).group(1))
        bad = next(t["h"] for t in data["traces"] if t["id"] == "bad")
        assert "<code class='id'>bad</code>" in bad and "<div class='step v-incorrect' id='trace-2-s0'>" in bad
        assert "BMI = 70 / (1.7 * 1.7) = 26.22 kg/m^2." in bad  # the trace text, from the input row
    else:
        assert text.startswith("# clinverify report") and "Could not be verified: line 3" in text
    assert not list(tmp_path.glob("*.partial*"))
