"""CLI hardening (issue 13, findings 5 and 8): the batch commands never lose their input, never
leave a partial file under the output name, resume a killed run, turn every bad line into an
error row with its line number, and follow the exit codes of INTERFACES.md "CLI conventions"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clinverify.clients import cli
from clinverify.clients.cli import main

CLINVERIFY = str(Path(sys.executable).parent / "clinverify")

BMI = {"weight": [70, "kg"], "height": [170, "cm"]}
CALC_ROWS = [{"id": i, "calculator": "bmi", "entities": BMI} for i in range(1, 6)]
TRACE = "BMI = 70 / (1.7 * 1.7) = 24.22 kg/m^2.\nAnswer: 24.22"
VERIFY_ROWS = [{"id": i, "calculator": "bmi", "entities": BMI, "trace": TRACE} for i in range(1, 4)]


def jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def stdout_rows(capsys) -> tuple[list[dict], str]:
    cap = capsys.readouterr()
    return [json.loads(x) for x in cap.out.splitlines()], cap.err


# ---------------------------------------------------------------------------
# Finding 5: --output is never --input; temporary file + rename; --resume
# ---------------------------------------------------------------------------


def _links(tmp_path: Path, src: Path) -> dict[str, Path]:
    sym = tmp_path / "sym.jsonl"
    sym.symlink_to(src)
    hard = tmp_path / "hard.jsonl"
    os.link(src, hard)
    return {"same": src, "relative": Path(os.path.relpath(src)), "symlink": sym, "hardlink": hard}


@pytest.mark.parametrize("command", ["calc", "verify"])
@pytest.mark.parametrize("kind", ["same", "relative", "symlink", "hardlink"])
def test_output_that_is_the_input_is_refused(tmp_path, capsys, monkeypatch, command, kind):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(VERIFY_ROWS))
    before = src.read_bytes()
    out = _links(tmp_path, src)[kind]
    assert main([command, "--input", str(src), "--output", str(out), "--no-progress"]) == 2
    assert src.read_bytes() == before
    assert "--output" in capsys.readouterr().err


def test_report_that_is_the_input_is_refused(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(VERIFY_ROWS))
    before = src.read_bytes()
    assert main(["verify", "--input", str(src), "--report", str(src), "--no-progress"]) == 2
    assert src.read_bytes() == before


def test_output_through_a_symlink_replaces_the_target_not_the_link(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS))
    target = tmp_path / "target.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert main(["calc", "--input", str(src), "--output", str(link), "--no-progress"]) == 0
    assert link.is_symlink() and len(read_rows(target)) == len(CALC_ROWS)


def _interrupt_at(monkeypatch, row_id: int) -> None:
    """Make calc_row raise KeyboardInterrupt (as Ctrl-C would) when it reaches ``row_id``."""
    real = cli.calc_row

    def flaky(row, explain):
        if isinstance(row, dict) and row.get("id") == row_id:
            raise KeyboardInterrupt
        return real(row, explain)

    monkeypatch.setattr(cli, "calc_row", flaky)


def test_killed_run_leaves_no_partial_file_under_the_output_name(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS))
    out = tmp_path / "out.jsonl"
    out.write_text('{"previous": "run"}\n')
    _interrupt_at(monkeypatch, 4)
    assert main(["calc", "--input", str(src), "--output", str(out), "--no-progress"]) == 130
    assert out.read_text() == '{"previous": "run"}\n'  # untouched until a run completes
    partial = tmp_path / "out.jsonl.partial"
    assert [r["id"] for r in read_rows(partial)] == [1, 2, 3]
    assert "--resume" in capsys.readouterr().err


def test_resume_continues_after_the_last_complete_line(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS))
    fresh = tmp_path / "fresh.jsonl"
    assert main(["calc", "--input", str(src), "--output", str(fresh), "--no-progress"]) == 0
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    lines = fresh.read_bytes().splitlines(keepends=True)
    partial.write_bytes(b"".join(lines[:2]) + lines[2][:7])  # two complete rows and a torn third
    seen = []
    real = cli.calc_row
    monkeypatch.setattr(cli, "calc_row", lambda row, explain: seen.append(row["id"]) or real(row, explain))
    assert main(["calc", "--input", str(src), "--output", str(out), "--resume", "--no-progress"]) == 0
    assert seen == [3, 4, 5]
    assert out.read_bytes() == fresh.read_bytes()
    assert not partial.exists()
    assert "5 rows" in capsys.readouterr().err


def test_resume_of_a_complete_output_recomputes_nothing(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(VERIFY_ROWS))
    out = tmp_path / "out.jsonl"
    assert main(["verify", "--input", str(src), "--output", str(out), "--no-progress"]) == 0
    before = out.read_bytes()
    import clinverify.verifier.batch as batch

    monkeypatch.setattr(batch, "verify_row", lambda *a, **k: pytest.fail("a done row was verified again"))
    report = tmp_path / "r.md"
    assert main(["verify", "--input", str(src), "--output", str(out), "--resume", "--report", str(report), "--no-progress"]) == 0
    assert out.read_bytes() == before
    assert report.exists()


def test_resume_after_an_interrupt_equals_a_fresh_run(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS))
    fresh = tmp_path / "fresh.jsonl"
    assert main(["calc", "--input", str(src), "--output", str(fresh), "--no-progress"]) == 0
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        _interrupt_at(m, 3)
        assert main(["calc", "--input", str(src), "--output", str(out), "--no-progress"]) == 130
    assert not out.exists()
    assert main(["calc", "--input", str(src), "--output", str(out), "--resume", "--no-progress"]) == 0
    assert out.read_bytes() == fresh.read_bytes()


@pytest.mark.parametrize(
    "argv",
    [
        ["calc", "--input", "IN", "--resume"],  # no --output to resume
        ["calc", "--input", "IN", "--output", "LONG", "--resume"],  # more rows done than the input has
        ["calc", "--input", "IN", "--output", "JUNK", "--resume"],  # not an output of this command
    ],
    ids=["no-output", "longer-than-input", "not-results"],
)
def test_resume_usage_errors_exit_2(tmp_path, capsys, argv):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS[:2]))
    (tmp_path / "long.jsonl").write_text(jsonl(CALC_ROWS))
    (tmp_path / "junk.jsonl").write_text("hello\n")
    names = {"IN": src, "LONG": tmp_path / "long.jsonl", "JUNK": tmp_path / "junk.jsonl"}
    assert main([str(names.get(x, x)) for x in argv] + ["--no-progress"]) == 2
    assert (tmp_path / "long.jsonl").read_text() == jsonl(CALC_ROWS)


def test_sigkilled_run_leaves_no_output_and_resumes(tmp_path):
    rows = [{"id": i, "calculator": "bmi", "entities": BMI} for i in range(50_000)]
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(rows))
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    p = subprocess.Popen([CLINVERIFY, "calc", "--input", str(src), "--output", str(out), "--explain", "--no-progress"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None and (not partial.exists() or partial.stat().st_size < 10_000):
        time.sleep(0.01)
    if p.poll() is not None:
        pytest.skip("the run finished before it could be killed")
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert not out.exists()
    done = len(partial.read_bytes().split(b"\n")) - 1
    assert 0 < done < len(rows)
    r = subprocess.run([CLINVERIFY, "calc", "--input", str(src), "--output", str(out), "--explain", "--resume", "--no-progress"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    got = read_rows(out)
    assert [g["id"] for g in got] == list(range(len(rows)))
    assert all(g["error"] is None for g in got)
    assert not partial.exists()


# ---------------------------------------------------------------------------
# Finding 8: bytes, BOM, depth, unknown calculators, line numbers, exit codes
# ---------------------------------------------------------------------------


def _mixed_input(tmp_path: Path, rows: list[dict], bad: bytes) -> Path:
    f = tmp_path / "in.jsonl"
    f.write_bytes(json.dumps(rows[0]).encode() + b"\n" + bad + b"\n" + json.dumps(rows[1]).encode() + b"\n")
    return f


BAD_LINES = {
    "not-utf8": b'{"id": "x\xff"}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "too-many-digits": b'{"id": ' + b"1" * 5000 + b"}",
    "not-an-object": b"[1, 2]",
}


@pytest.mark.parametrize("command", ["calc", "verify"])
@pytest.mark.parametrize("bad", list(BAD_LINES), ids=list(BAD_LINES))
def test_a_bad_line_is_an_error_row_with_its_line_number(tmp_path, capsys, command, bad):
    rows = CALC_ROWS if command == "calc" else VERIFY_ROWS
    f = _mixed_input(tmp_path, rows, BAD_LINES[bad])
    assert main([command, "--input", str(f), "--no-progress"]) == 0
    out, err = stdout_rows(capsys)
    assert [o["id"] for o in out] == [1, None, 2]
    assert out[1]["error"]["code"] and out[1]["line"] == 2
    assert out[0].get("error") is None and out[2].get("error") is None
    assert "Traceback" not in err


def test_deep_json_in_a_subprocess_gives_no_traceback(tmp_path):
    f = _mixed_input(tmp_path, VERIFY_ROWS, BAD_LINES["deep"])
    r = subprocess.run([CLINVERIFY, "verify", "--input", str(f), "--no-progress"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert [json.loads(x).get("line") for x in r.stdout.splitlines()] == [None, 2, None]


@pytest.mark.parametrize("command", ["calc", "verify"])
def test_a_utf8_bom_on_line_1_is_not_an_error(tmp_path, capsys, command):
    rows = CALC_ROWS if command == "calc" else VERIFY_ROWS
    f = tmp_path / "in.jsonl"
    f.write_bytes(b"\xef\xbb\xbf" + jsonl(rows[:2]).encode())
    assert main([command, "--input", str(f), "--no-progress"]) == 0
    out, _ = stdout_rows(capsys)
    assert [o["id"] for o in out] == [1, 2] and all(o.get("error") is None for o in out)


def test_unknown_calculator_on_the_command_line_exits_2(capsys):
    assert main(["calc", "bmii", "--entities", json.dumps(BMI)]) == 2
    cap = capsys.readouterr()
    assert cap.out == "" and "bmii" in cap.err and "bmi" in cap.err.split("bmii", 1)[1]


def test_unknown_calculator_in_a_verify_row_is_an_error_row(tmp_path, capsys):
    rows = [VERIFY_ROWS[0], {**VERIFY_ROWS[1], "calculator": "bmii"}, {**VERIFY_ROWS[2], "calculator": "6"}]
    f = tmp_path / "in.jsonl"
    f.write_text(jsonl(rows))
    assert main(["verify", "--input", str(f), "--no-progress"]) == 0
    out, _ = stdout_rows(capsys)
    assert out[0]["error"] is None and out[2]["error"] is None and out[2]["calculator"] == "bmi"
    err = out[1]["error"]
    assert err["code"] == "unknown_calculator" and "bmi" in err["suggestions"] and out[1]["line"] == 2


@pytest.mark.parametrize("command", ["calc", "verify"])
def test_every_error_row_carries_its_line_number(tmp_path, capsys, command):
    rows = CALC_ROWS if command == "calc" else VERIFY_ROWS
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps(rows[0]) + "\n\n{broken\n" + json.dumps({"id": 9, "calculator": "nope"}) + "\n[]\n")
    assert main([command, "--input", str(f), "--no-progress"]) == 0
    out, _ = stdout_rows(capsys)
    assert [o.get("line") for o in out] == [None, 3, 4, 5]  # the blank line 2 is skipped
    assert all(o["error"]["code"] for o in out[1:])


@pytest.mark.parametrize("command", ["calc", "verify"])
def test_strict_exits_1_when_a_row_has_an_error_and_a_summary_is_on_stderr(tmp_path, capsys, command):
    rows = CALC_ROWS if command == "calc" else VERIFY_ROWS
    good = tmp_path / "good.jsonl"
    good.write_text(jsonl(rows[:2]))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl(rows[:2]) + "{broken\n")
    assert main([command, "--input", str(good), "--strict", "--no-progress"]) == 0
    wrong = ", 0 wrong answers" if command == "verify" else ""
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"{command}: 2 rows, 0 errors{wrong}"
    assert main([command, "--input", str(bad), "--no-progress"]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"{command}: 3 rows, 1 error{wrong}"
    assert main([command, "--input", str(bad), "--strict", "--no-progress"]) == 1


def test_strict_applies_to_a_single_computation(capsys):
    bad = json.dumps({"weight": [70, "kg"], "height": [400, "cm"]})
    assert main(["calc", "bmi", "--entities", bad]) == 0
    assert main(["calc", "bmi", "--entities", bad, "--strict"]) == 1
    assert main(["calc", "bmi", "--entities", json.dumps(BMI), "--strict"]) == 0


def test_a_lone_surrogate_in_a_row_does_not_stop_the_batch(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "\ud800", "calculator": "bmi", "entities": BMI}) + "\n" + jsonl(CALC_ROWS[:1]))
    out = tmp_path / "out.jsonl"
    assert main(["calc", "--input", str(f), "--output", str(out), "--no-progress"]) == 0
    assert [r["id"] for r in read_rows(out)] == ["\ud800", 1]


def test_unreadable_input_and_unwritable_output_exit_2(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(CALC_ROWS[:1]))
    assert main(["calc", "--input", str(tmp_path / "missing.jsonl"), "--no-progress"]) == 2
    assert main(["calc", "--input", str(src), "--output", str(tmp_path / "no" / "such" / "dir.jsonl"), "--no-progress"]) == 2
    assert main(["calc", "--input", str(tmp_path), "--no-progress"]) == 2  # a folder
    assert "Traceback" not in capsys.readouterr().err


def test_entities_nested_too_deeply_on_the_command_line_exit_2(capsys):
    assert main(["calc", "bmi", "--entities", "[" * 100_000]) == 2
    assert "nested too deeply" in capsys.readouterr().err


def test_report_that_is_the_output_is_refused(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(VERIFY_ROWS))
    out = tmp_path / "out.md"
    assert main(["verify", "--input", str(src), "--output", str(out), "--report", str(out), "--no-progress"]) == 2
    assert not out.exists()


def test_resume_reading_stdin_skips_the_rows_done(tmp_path):
    src = jsonl(CALC_ROWS)
    out = tmp_path / "out.jsonl"
    fresh = subprocess.run([CLINVERIFY, "calc", "--input", "-", "--no-progress"], input=src, capture_output=True, text=True)
    (tmp_path / "out.jsonl.partial").write_text("".join(fresh.stdout.splitlines(keepends=True)[:3]))
    r = subprocess.run(
        [CLINVERIFY, "calc", "--input", "-", "--output", str(out), "--resume", "--no-progress"],
        input=src,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "(3 resumed)" in r.stderr, r.stderr
    assert out.read_text() == fresh.stdout
