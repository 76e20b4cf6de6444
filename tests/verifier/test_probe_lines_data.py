"""The probe lines of bench/probe_lines.py: paired right and wrong lines over valid patient data,
with labels from the documented vocabulary (the scores themselves are a bench's, not a test's)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from clinverify.calculators import get

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "probe_lines"
KINDS = {"arithmetic", "unit_conversion", "extraction", "formula", "criterion"}


@pytest.mark.parametrize("name", ["set_a", "set_b"])
def test_probe_lines_are_pairs_of_a_right_and_a_wrong_line_over_valid_patient_data(name):
    rows = [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 200
    pairs = Counter((r["pair"], r["expect"]) for r in rows)
    assert set(pairs.values()) == {1} and {e for _, e in pairs} == {"ok", "error"}
    assert len({p for p, _ in pairs}) * 2 == len(rows)
    for r in rows:
        assert r["kind"] in KINDS and "\n" not in r["line"] and len(r["line"]) <= 300
        calc = get(r["calculator"])
        calc.compute(calc.parse(r["entities"]))  # the patient data are a valid input of the calculator


TRACE_KINDS = {"arithmetic", "unit_conversion", "patient_value", "formula", "criterion"}


@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA.parent / "probe_traces").glob("set_*.jsonl")))
def test_probe_traces_are_pairs_of_a_right_and_a_wrong_trace_with_the_error_located(name):
    """bench/probe_traces.py's sets: per author and pair one right and one wrong trace over the same valid
    patient data; the error's text stands once in the wrong trace and nowhere in the right one."""
    path = DATA.parent / "probe_traces" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40  # (sets M and N of stop 49: 80 and 40 traces; O, P, Q, R, S of stop 50: 80, 40, 80, 80, 80; T, U, V, W of stop 51: 80 each; the others 120)
    pairs: dict = {}
    for r in rows:
        pairs.setdefault((r["author"], r["pair"]), {})[r["expect"]] = r
    assert all(set(p) == {"ok", "error"} for p in pairs.values()) and len(pairs) * 2 == len(rows)
    for p in pairs.values():
        ok, bad = p["ok"], p["error"]
        assert ok["entities"] == bad["entities"] and ok["calculator"] == bad["calculator"] and bad["kind"] in TRACE_KINDS
        # (the right trace may make the same slip and take it back: then it is its self-corrected text)
        slip = ok.get("self_corrected_text") or ""
        assert bad["trace"].count(bad["error_text"]) == 1 and len(bad["trace"]) <= 8000
        assert bad["error_text"] not in ok["trace"] or bad["error_text"] in slip or slip in bad["error_text"]
        calc = get(ok["calculator"])
        calc.compute(calc.parse(ok["entities"]))
