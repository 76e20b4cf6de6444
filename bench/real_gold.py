"""The verifier against a hand annotation of real model traces (bench/data/real_gold.jsonl).

    python bench/real_gold.py [--set dev|check|all] [--mode explanation|thinking] [--show 20]

The gold annotation was made by reading and recomputing every claim of 264 traces of
``../shared/real-traces-dev/`` (never from the verifier's output): each genuine error with its
character span, type, severity and whether the trace corrects it later (bench/gold_tool.py).
Traces are split into a development set and a check set by MedCalc-Bench row; the check set is
not read while developing the reader. Report both.

The verifier gets what a user gives it: the trace, the calculator, the question, the patient note
and, for test-split rows, the row's Relevant Entities; no reference answer (reference-free).

- mode ``explanation``: the model's explanation (and its answer) only, every model.
- mode ``thinking``: ``<think>thinking</think>`` + explanation, traces that have thinking.

Figures (per model and overall):
- flag precision: incorrect steps that overlap a gold error (all / major only). A step flagged
  ``answer`` on a trace whose gold final answer is wrong counts as right.
- recall: gold major errors not corrected later whose span overlaps an incorrect step, by type.
- first-error accuracy: on traces with an uncorrected major gold error, the verifier's first
  incorrect step overlaps the first such gold error.
- right-answer false alarms: traces whose answer is right (gold) that get an incorrect step that
  overlaps no gold error.
- corrections: steps the verifier labels ``corrected``; gold errors the trace corrects later that
  overlap one; uncorrected major gold errors that the verifier wrongly calls corrected.
``--show N`` prints unmatched flags and missed errors for review (trace text: development only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_tool import GOLD, load_traces  # noqa: E402

from clinverify.datasets.medcalc_bench import load_rows  # noqa: E402
from clinverify.verifier import verify  # noqa: E402
from clinverify.verifier.claims import _extract_cached  # noqa: E402
from clinverify.verifier.criteria_read import _read_cached  # noqa: E402

PREFIX = "<think>"
MID = "</think>\n"


def load_gold(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build(row: dict, mode: str) -> tuple[str, dict[str, int]]:
    """The verifier's input text and the offset of each annotated field inside it."""
    expl = row.get("llm_explanation") or ""
    think = row.get("llm_thinking") or ""
    if mode == "thinking" and think:
        return PREFIX + think + MID + expl, {"thinking": len(PREFIX), "explanation": len(PREFIX) + len(think) + len(MID)}
    return expl, {"explanation": 0}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run(gold: list[dict], mode: str, show: int) -> dict:
    traces = load_traces()
    entities = {r.row: r.entities for r in load_rows()}
    by_model: dict[str, Counter] = defaultdict(Counter)
    miss_by_type: dict[str, Counter] = defaultdict(Counter)
    unmatched, missed = [], []
    t_total, chars = 0.0, 0
    for g in gold:
        row = traces[g["trace_id"]]
        if mode == "thinking" and not row.get("llm_thinking"):
            continue
        text, base = build(row, mode)
        ents = entities.get(int(row["row_number"])) if row["split"] == "test" else None
        t0 = time.perf_counter()
        v = verify(text, calculator=row["calculator_id"], question=row["question"], patient_note=row["patient_note"],
                   entities=ents, answer=row.get("llm_answer") or None, id=g["trace_id"]).to_dict()
        t_total += time.perf_counter() - t0
        chars += len(text)
        errs = [dict(e, span=(base[e["field"]] + e["start"], base[e["field"]] + e["end"])) for e in g["errors"] if e["field"] in base]
        live = [e for e in errs if not e["corrected_later"]]
        flags = [s for s in v["steps"] if s["verdict"] == "incorrect"]
        for c in (by_model[row["model"]], by_model["all"]):
            c["traces"] += 1
        answer_wrong = g.get("answer_correct") is False
        for s in flags:
            span = tuple(s["span"])
            hit = [e for e in errs if overlaps(span, e["span"])]
            ok_any = bool(hit) or (s["error"] == "answer" and answer_wrong)
            ok_major = any(e["severity"] == "major" for e in hit) or (s["error"] == "answer" and answer_wrong)
            for c in (by_model[row["model"]], by_model["all"]):
                c["flags"] += 1
                c["flags_right"] += ok_any
                c["flags_right_major"] += ok_major
            if not ok_any:
                unmatched.append((g["trace_id"], s["error"], s["detail"], s["text"][:160]))
        for e in live:
            if e["severity"] != "major":
                continue
            found = any(overlaps(tuple(s["span"]), e["span"]) for s in flags)
            for c in (by_model[row["model"]], by_model["all"]):
                c["major"] += 1
                c["major_found"] += found
            miss_by_type[e["type"]]["n"] += 1
            miss_by_type[e["type"]]["found"] += found
            if not found:
                missed.append((g["trace_id"], e["type"], e["note"], text[e["span"][0]:e["span"][1]][:160]))
        corrected = [s for s in v["steps"] if s["verdict"] == "corrected"]
        for e in errs:
            if e["corrected_later"]:
                by_model["all"]["gold_corrected"] += 1
                by_model["all"]["gold_corrected_labelled"] += any(overlaps(tuple(s["span"]), e["span"]) for s in corrected)
            elif e["severity"] == "major" and any(overlaps(tuple(s["span"]), e["span"]) for s in corrected):
                by_model["all"]["live_called_corrected"] += 1
        by_model["all"]["corrected_steps"] += len(corrected)
        majors = [e for e in live if e["severity"] == "major"]
        if majors:
            # ProcessBench-style: the verifier's first incorrect step of major severity is the first
            # major gold error (minor slips are not what the first error points a reader to, on
            # either side).
            first = min(majors, key=lambda e: e["span"][0])
            fe = next((s for s in v["steps"] if s["verdict"] == "incorrect" and s.get("severity") != "minor"), None)
            for c in (by_model[row["model"]], by_model["all"]):
                c["with_error"] += 1
                c["first_right"] += fe is not None and overlaps(tuple(fe["span"]), first["span"])
        if g.get("answer_correct") is True:
            alarm = any(not any(overlaps(tuple(s["span"]), e["span"]) for e in errs) for s in flags)
            for c in (by_model[row["model"]], by_model["all"]):
                c["right_answer"] += 1
                c["right_answer_alarm"] += alarm
    return {"by_model": by_model, "by_type": miss_by_type, "unmatched": unmatched, "missed": missed, "seconds": t_total, "chars": chars}


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def report(res: dict, title: str, show: int) -> None:
    print(f"\n## {title}")
    print(f"{'model':<22}{'traces':>7}{'flags':>7}{'prec':>8}{'prec maj':>9}{'major':>7}{'recall':>8}{'1st err':>8}{'RA alarm':>9}")
    for model, c in sorted(res["by_model"].items(), key=lambda kv: kv[0] == "all"):
        print(f"{model:<22}{c['traces']:>7}{c['flags']:>7}{pct(c['flags_right'], c['flags']):>8}{pct(c['flags_right_major'], c['flags']):>9}"
              f"{c['major']:>7}{pct(c['major_found'], c['major']):>8}{pct(c['first_right'], c['with_error']):>8}"
              f"{pct(c['right_answer_alarm'], c['right_answer']):>9}")
    print("recall of major errors by type: " + ", ".join(f"{t} {pct(c['found'], c['n']).strip()} of {c['n']}" for t, c in sorted(res["by_type"].items())))
    kinds = Counter(u[1] for u in res["unmatched"])  # counts only: safe to print for the check set
    print("unmatched flags by kind: " + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none"))
    a = res["by_model"]["all"]
    print(f"corrected steps: {a['corrected_steps']}; gold errors the trace corrects later, labelled corrected: "
          f"{a['gold_corrected_labelled']} of {a['gold_corrected']}; uncorrected major gold errors labelled corrected: {a['live_called_corrected']}")
    n = res["by_model"]["all"]["traces"]
    if res["seconds"]:
        print(f"speed: {n / res['seconds']:.0f} traces/s, {res['chars'] / res['seconds'] / 1e6:.2f} M chars/s (one core)")
    if show:
        print(f"\n### unmatched flags ({len(res['unmatched'])})", file=sys.stderr)
        for u in res["unmatched"][:show]:
            print(" |", *u, file=sys.stderr)
        print(f"\n### missed major errors ({len(res['missed'])})", file=sys.stderr)
        for m in res["missed"][:show]:
            print(" |", *m, file=sys.stderr)


def corpus_speed() -> None:
    """Traces/s and characters/s per core over the whole real corpus (826 traces), explanation
    only and with the thinking: the first pass (every trace new, as in training or evaluation)
    and a repeat (recurring sentences served from the verifier's caches)."""
    traces = load_traces()
    entities = {r.row: r.entities for r in load_rows()}
    for mode in ("explanation", "thinking"):
        items = []
        for row in traces.values():
            text, _ = build(row, mode)
            ents = entities.get(int(row["row_number"])) if row["split"] == "test" else None
            items.append((text, dict(calculator=row["calculator_id"], question=row["question"], patient_note=row["patient_note"],
                                      entities=ents, answer=row.get("llm_answer") or None)))
        chars = sum(len(t) for t, _ in items)
        _extract_cached.cache_clear()  # each mode starts with the sentence caches empty
        _read_cached.cache_clear()
        for label in ("first pass (new text)", "repeated (sentences cached)"):
            t0 = time.perf_counter()
            for text, kw in items:
                verify(text, **kw)
            dt = time.perf_counter() - t0
            print(f"real corpus, {mode}, {label}: {len(items)} traces, {len(items) / dt:.0f} traces/s, {chars / dt / 1e6:.2f} M chars/s (one core)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="all", choices=("dev", "check", "all"))
    ap.add_argument("--mode", default="both", choices=("explanation", "thinking", "both"))
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--show", type=int, default=0, help="print N unmatched flags and missed errors (development set only)")
    ap.add_argument("--speed", action="store_true", help="also time the verifier over the whole real corpus")
    a = ap.parse_args(argv)
    if a.speed:
        corpus_speed()
    gold = load_gold(Path(a.gold))
    sets = ("dev", "check") if a.set == "all" else (a.set,)
    modes = ("explanation", "thinking") if a.mode == "both" else (a.mode,)
    for s in sets:
        part = [g for g in gold if g["set"] == s]
        for m in modes:
            res = run(part, m, a.show)
            report(res, f"{s} set, {m} ({len(part)} annotated traces)", a.show if s == "dev" else 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
