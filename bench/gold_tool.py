"""Tools for the hand annotation of real model traces (bench/data/real_gold.jsonl).

    python bench/gold_tool.py split                     # dev/check set of every trace (by row)
    python bench/gold_tool.py show TRACE_ID             # print a trace for reading, with offsets
    python bench/gold_tool.py resolve WORK.jsonl [...]  # anchors -> offsets; prints gold lines

The annotation is made by reading and recomputing, never from the verifier's output. Annotators
write a work file (kept outside the repository: it quotes trace text) with one object per trace:

    {"trace_id": "...", "annotator": "...", "answer_correct": true,
     "errors": [{"field": "explanation" | "thinking", "anchor": "exact text of the wrong claim",
                 "occurrence": 1, "type": "arithmetic", "severity": "major",
                 "corrected_later": false, "note": "recomputed: 8.9/0.7 = 12.71, not 11.2"}],
     "notes": "..."}

``resolve`` turns each anchor into ``start``/``end`` character offsets into the stored field
(``llm_explanation`` or ``llm_thinking`` as they are in traces.jsonl, escapes included) and drops
the anchor, so that the committed gold file holds ids, offsets and labels, never trace text.

Dev/check split: by MedCalc-Bench row (split, row number), so that the five gpt-oss runs over one
row never straddle the two sets; about one row in three is in the check set. Development (reading
traces to improve the reader) uses the dev set only; the check set is read by annotators only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRACES = ROOT.parent / "shared" / "real-traces-dev" / "traces.jsonl"
GOLD = ROOT / "bench" / "data" / "real_gold.jsonl"
ERROR_TYPES = ("arithmetic", "unit_conversion", "extraction", "formula", "criterion", "rounding", "answer")
FIELDS = {"explanation": "llm_explanation", "thinking": "llm_thinking"}


def load_traces(path: Path = TRACES) -> dict[str, dict]:
    if not path.exists():
        raise SystemExit(f"{path} is absent: the real-trace corpus is in ../shared/real-traces-dev/")
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[r["trace_id"]] = r
    return out


def set_of(row: dict) -> str:
    """'dev' or 'check', from the row (not the trace): stable, about one row in three is check."""
    key = f"{row['split']}:{row['row_number']}".encode()
    return "check" if int(hashlib.sha256(key).hexdigest(), 16) % 3 == 0 else "dev"


def show(trace_id: str) -> None:
    r = load_traces()[trace_id]
    print(f"# {trace_id}  model={r['model']}  set={set_of(r)}  calculator={r['calculator_id']} {r['calculator_name']}")
    print(f"# question: {r['question']}")
    print(f"# benchmark: ground truth {r['ground_truth_answer']} [{r['lower_limit']}, {r['upper_limit']}]  "
          f"result={r['result_recomputed']}  corrected={r.get('corrected_answer', r.get('corrected_ground_truth_answer', ''))}")
    print("## patient note\n" + r["patient_note"])
    print("## ground truth explanation (may be wrong)\n" + (r.get("ground_truth_explanation") or ""))
    for name, key in FIELDS.items():
        text = r.get(key) or ""
        if not text:
            continue
        print(f"## {name} ({key}, {len(text)} chars; offsets of each line start shown)")
        pos = 0
        for m in re.finditer(r"\n|\\n", text + "\n"):
            print(f"[{pos:>6}] {text[pos:m.start()]}")
            pos = m.end()
        print(f"## answer: {r.get('llm_answer')}")


def locate(text: str, anchor: str, occurrence: int = 1) -> tuple[int, int]:
    i = -1
    for _ in range(max(1, occurrence)):
        i = text.find(anchor, i + 1)
        if i == -1:
            raise ValueError(f"anchor not found (occurrence {occurrence}): {anchor[:80]!r}")
    return i, i + len(anchor)


def resolve(paths: list[str]) -> int:
    traces = load_traces()
    bad = 0
    for p in paths:
        for n, line in enumerate(Path(p).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            a = json.loads(line)
            r = traces.get(a["trace_id"])
            if r is None:
                print(f"{p}:{n}: unknown trace {a['trace_id']}", file=sys.stderr)
                bad += 1
                continue
            errors = []
            for e in a.get("errors", []):
                field = e.get("field", "explanation")
                text = r.get(FIELDS.get(field, "")) or ""
                try:
                    s, t = locate(text, e["anchor"], int(e.get("occurrence", 1)))
                except (ValueError, KeyError) as exc:
                    print(f"{p}:{n}: {a['trace_id']}: {exc}", file=sys.stderr)
                    bad += 1
                    continue
                if e.get("type") not in ERROR_TYPES or e.get("severity") not in ("major", "minor"):
                    print(f"{p}:{n}: {a['trace_id']}: bad type/severity {e.get('type')}/{e.get('severity')}", file=sys.stderr)
                    bad += 1
                    continue
                errors.append({"field": field, "start": s, "end": t, "type": e["type"], "severity": e["severity"],
                               "corrected_later": bool(e.get("corrected_later", False)), "note": str(e.get("note", ""))[:200]})
            errors.sort(key=lambda e: (e["field"] != "thinking", e["start"]))
            out = {"trace_id": a["trace_id"], "set": set_of(r), "model": r["model"], "calculator_id": r["calculator_id"],
                   "annotator": a.get("annotator", ""), "with_thinking": bool(r.get("llm_thinking")),
                   "answer_correct": a.get("answer_correct"), "errors": errors, "notes": str(a.get("notes", ""))[:300]}
            print(json.dumps(out, ensure_ascii=False))
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("split")
    s = sub.add_parser("show")
    s.add_argument("trace_id")
    r = sub.add_parser("resolve")
    r.add_argument("work", nargs="+")
    a = ap.parse_args(argv)
    if a.cmd == "split":
        for tid, row in load_traces().items():
            print(tid, set_of(row))
        return 0
    if a.cmd == "show":
        show(a.trace_id)
        return 0
    return resolve(a.work)


if __name__ == "__main__":
    raise SystemExit(main())
