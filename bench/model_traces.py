"""Real model traces: generate MedCalc-Bench solutions with a reasoning model and verify them.

    python bench/model_traces.py [--rows 24] [--max-tokens 384] [--model default] [--device cpu]
                                 [--save traces.jsonl]

One row per calculator (round-robin over the registered MedCalc-Bench calculators, first rows
first) up to --rows; the model gets MedCalc-Bench's zero-shot prompt (note + question -> JSON with
step_by_step_thinking and answer), greedy decoding. Prints how the verifier read the output (JSON
answer parsed, steps, claims checked, verdict mix, answer accuracy, first-error positions and the
error types), and the verify time per trace. The default model (SmolLM2-135M-Instruct) is tiny and
mostly wrong: the point is the parser and checker on text a real model wrote, not its accuracy.
``--save`` writes the traces in the `verify` input form for later runs without the model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter

from clinverify.datasets.explanations import rows_with_calculator, verify_kwargs
from clinverify.verifier import verify


def pick_rows(n: int):
    by_calc: dict[str, list] = {}
    for r, calc in rows_with_calculator():
        by_calc.setdefault(calc.id, []).append(r)
    out, i = [], 0
    while len(out) < n and any(i < len(v) for v in by_calc.values()):
        for rows in by_calc.values():
            if i < len(rows) and len(out) < n:
                out.append(rows[i])
        i += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--max-tokens", type=int, default=384)
    ap.add_argument("--model", default="default")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--save", default=None)
    a = ap.parse_args(argv)

    from clinverify.services.reasoning import load_backend
    from clinverify.services.reasoning.prompting import build_messages, parse_output

    backend = load_backend("transformers", model=a.model, device=a.device)
    rows = pick_rows(a.rows)
    stats: Counter = Counter()
    errors: Counter = Counter()
    verdicts: Counter = Counter()
    times, gen_s, saved = [], 0.0, []
    for r in rows:
        t0 = time.perf_counter()
        (text,) = backend.generate(build_messages(r.note, r.question), n=1, max_tokens=a.max_tokens, temperature=0.0, seed=0)
        gen_s += time.perf_counter() - t0
        parsed = parse_output(text)
        stats["json answer"] += parsed.answer is not None
        kw = verify_kwargs(r)
        t0 = time.perf_counter()
        v = verify(text, **kw).to_dict()
        times.append(time.perf_counter() - t0)
        stats["traces"] += 1
        stats["steps"] += len(v["steps"])
        for s in v["steps"]:
            verdicts[s["verdict"]] += 1
            if s["error"]:
                errors[s["error"]] += 1
        ans = v["answer"]
        stats["answer found"] += ans["value"] is not None
        stats["answer correct"] += ans["correct"] is True
        stats["with an incorrect step"] += v["first_error"] is not None
        if a.save:
            saved.append({"id": r.row, "calculator": r.calculator_id, "question": r.question, "patient_note": r.note, "entities": r.entities,
                          "reference": kw["reference"], "trace": text})
    n = stats["traces"] or 1
    print(f"{backend.info()['model']} on {a.device}: {n} MedCalc-Bench rows, {len(set(r.calculator_id for r in rows))} calculators, "
          f"greedy, up to {a.max_tokens} tokens; generation {gen_s:.0f} s")
    print(f"JSON answer parsed: {stats['json answer']}/{n}; verifier found an answer: {stats['answer found']}/{n}; "
          f"correct by the MedCalc-Bench rule: {stats['answer correct']}/{n}")
    print(f"steps: {stats['steps']} ({stats['steps'] / n:.1f} per trace); verdicts: " + ", ".join(f"{k} {v}" for k, v in verdicts.most_common()))
    print(f"traces with an incorrect step: {stats['with an incorrect step']}/{n}; error types: " + (", ".join(f"{k} {v}" for k, v in errors.most_common()) or "none"))
    us = sorted(t * 1e6 for t in times)
    print(f"verify: median {statistics.median(us):.0f} µs, max {us[-1]:.0f} µs per trace")
    if a.save:
        with open(a.save, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(x) + "\n" for x in saved)
        print(f"saved {len(saved)} traces to {a.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
