"""The gold annotation of real traces (bench/data/real_gold.jsonl) holds ids, offsets and labels,
never trace text, and its labels are from the documented vocabulary."""

import json
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "bench" / "data" / "real_gold.jsonl"
TRACES = Path(__file__).resolve().parents[3] / "shared" / "real-traces-dev" / "traces.jsonl"
TYPES = {"arithmetic", "unit_conversion", "extraction", "formula", "criterion", "rounding", "answer"}


def rows():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_holds_labels_not_text():
    gold = rows()
    assert len(gold) >= 250 and sum(g["with_thinking"] for g in gold) >= 80
    assert {g["set"] for g in gold} == {"dev", "check"}
    for g in gold:
        assert set(g) == {"trace_id", "set", "model", "calculator_id", "annotator", "with_thinking", "answer_correct", "errors", "notes"}
        assert len(g["notes"]) <= 300
        for e in g["errors"]:
            assert set(e) == {"field", "start", "end", "type", "severity", "corrected_later", "note"}
            assert e["type"] in TYPES and e["severity"] in ("major", "minor") and e["field"] in ("explanation", "thinking")
            assert 0 <= e["start"] < e["end"] and len(e["note"]) <= 200


@pytest.mark.skipif(not TRACES.exists(), reason="../shared/real-traces-dev/ is absent (development corpus, not in the repository)")
def test_gold_spans_lie_inside_their_traces():
    traces = {}
    with TRACES.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            traces[r["trace_id"]] = r
    for g in rows():
        r = traces[g["trace_id"]]
        for e in g["errors"]:
            text = r["llm_explanation"] if e["field"] == "explanation" else r.get("llm_thinking") or ""
            assert e["end"] <= len(text), g["trace_id"]
