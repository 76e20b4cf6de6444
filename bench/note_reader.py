"""How well the verifier reads a patient note without the patient's data, against MedCalc-Bench's entities.

    python bench/note_reader.py [--show-wrong K]

Without entities (reference-free, note only: every trace on MedCalc-Bench's train split), the
verifier judges yes/no criteria by what the note affirms or denies (``note_findings.note_flags``,
NegEx-style) and one-number criteria by the values the note gives unambiguously
(``graders.note_inputs``). This bench runs both readers on every MedCalc-Bench test row and compares
what they decide with the row's Relevant Entities (for the inputs the entities give):

- findings: decided (affirmed or denied), right, wrong affirmations, wrong denials, and how many of
  the entities' flags the note reader decides at all (coverage);
- values: decided, within 2 % of the entity (after unit conversion), wrong, coverage.

The entities are MedCalc-Bench's extraction and have errors of their own (a note that says
"well-controlled congestive heart failure" with the entity false): a "wrong" is a disagreement, to
be read, not a proven error. The notes are the dataset's, not model output.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from clinverify.calculators import CalculatorError, list_calculators
from clinverify.datasets.medcalc_bench import load_rows
from clinverify.verifier.graders import note_inputs
from clinverify.verifier.note_findings import note_flags
from clinverify.verifier.tolerance import close


def _given(calc, entities) -> set[str]:
    """Inputs the row's entities give (by key, name or alias)."""
    out = set()
    for k in entities:
        inp = calc._keys.get(str(k).strip().lower())
        if inp is not None:
            out.add(inp.name)
    return out


def run(show: int) -> dict:
    by_id = {c.medcalc_id: c for c in list_calculators() if c.medcalc_id}
    flags, values = Counter(), Counter()
    wrong = []
    for r in load_rows():
        calc = by_id.get(r.calculator_id)
        if calc is None or not r.entities:
            continue
        try:
            inputs = calc.parse(r.entities)
        except CalculatorError:
            continue
        given = _given(calc, r.entities)
        flag_inputs = [i.name for i in calc.inputs if i.kind == "flag" and i.name in given]
        flags["entity flags"] += len(flag_inputs)
        for name, said in note_flags(calc, r.note).items():
            if name not in given:
                continue
            flags["decided"] += 1
            if inputs.get(name) == said:
                flags["right"] += 1
            else:
                flags["wrong affirmed" if said else "wrong denied"] += 1
                if len(wrong) < show:
                    wrong.append((calc.id, r.row, name, "affirmed" if said else "denied"))
        number_inputs = [i.name for i in calc.inputs if i.kind == "number" and i.name in given and isinstance(inputs.get(i.name), (int, float))]
        values["entity values"] += len(number_inputs)
        for name, v in note_inputs(calc, r.note).items():
            if name not in number_inputs:
                continue
            values["decided"] += 1
            if close(v, float(inputs[name]), None, rel=0.02):
                values["right"] += 1
            else:
                values["wrong"] += 1
                if len(wrong) < show:
                    wrong.append((calc.id, r.row, name, f"{v:g} (entity {inputs[name]:g})"))
    return {"flags": flags, "values": values, "wrong": wrong}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "-"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-wrong", type=int, default=0)
    a = ap.parse_args(argv)
    out = run(a.show_wrong)
    f, v = out["flags"], out["values"]
    print("note reader against MedCalc-Bench entities (all test rows with entities)")
    print(f"findings: {f['decided']} decided of {f['entity flags']} entity flags (coverage {_pct(f['decided'], f['entity flags'])}); "
          f"right {f['right']} ({_pct(f['right'], f['decided'])}), wrong affirmed {f['wrong affirmed']}, wrong denied {f['wrong denied']}")
    print(f"values:   {v['decided']} decided of {v['entity values']} entity values (coverage {_pct(v['decided'], v['entity values'])}); "
          f"right {v['right']} ({_pct(v['right'], v['decided'])}), wrong {v['wrong']}")
    for w in out["wrong"]:
        print("disagrees:", *w, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
