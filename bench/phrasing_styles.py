"""Criterion points written in many styles: does the verifier read points however a model phrases them?

    python bench/phrasing_styles.py [--rows-per-calculator 3] [--styles dev|check|all] [--show-misses K]

Why: the real-trace gold (bench/real_gold.py) measures the styles of the models in
``../shared/real-traces-dev``; a model family with other habits writes criterion points in other
words. This bench writes, for every criterion of every points-based score, on MedCalc-Bench test rows
with their Relevant Entities, one line per style below with the points this patient scores (the
line must not be flagged) and with points the criterion can give but this patient does not score
(the line must be flagged ``incorrect``). The styles are written here, from how people and models
write score tallies, not from the verifier's patterns; the only thing used from the verifier is the
public ``verify`` call. The styles are split in two halves: ``dev`` (readings may be built against
them) and ``check`` (measured only), so a reading fitted to one phrasing shows up as a gap between the
two.

Each trace is: a heading naming the score, the styled line, and a closing total that is the
patient's own score (so only the styled line differs between the right and the wrong trace).

Prints per style: lines, wrong points found on the styled line (recall), right points flagged
(false alarms); and the totals for each half.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from clinverify.calculators import CalculatorError, list_calculators
from clinverify.calculators.model import fmt
from clinverify.datasets.medcalc_bench import load_rows
from clinverify.verifier import verify

# {L}: the criterion's label, {l}: lower case, {P}: points, {S}: "s" unless one point, {V}: the
# patient's value for a one-number criterion (styles with {V} are used only there), {M}: the most
# the criterion gives, {N}: the line's number.
STYLES = {
    "dev": (
        "- {L}: {P} point{S}",
        "{L} → {P}",
        "{L}: +{P}",
        "{L} gives {P} point{S}.",
        "For {l}, the patient scores {P}.",
        "| {L} | {P} |",
        "**{L}**: {P} point{S}",
        "{P} point{S} for {l}.",
        "{L} ({V}) contributes {P} point{S}.",
        "{L} is {V}, so {P} point{S}.",
        "* {L} = {P} pt{S}",
        "Next, {l}: this adds {P} point{S} to the score.",
        "Score for {l}: {P}",
        "{L} -> {P} point{S}",
        "{L}: {P} (out of {M})",
        "{N}. {L} — {P}",
    ),
    "check": (
        "{L} - {P} point{S}",
        "{L} ⇒ {P}",
        "{L}: {P} pts",
        "{L} earns {P} point{S}.",
        "Regarding {l}, we assign {P} point{S}.",
        "| {L} | {V} | {P} |",
        "__{L}__ → {P}",
        "We add {P} point{S} for {l}.",
        "{L} of {V} yields {P} point{S}.",
        "With {l} at {V}, the patient gets {P} point{S}.",
        "• {L}: score {P}",
        "Then {l} contributes {P} point{S} to the total.",
        "Points for {l} = {P}",
        "{L} [{P}]",
        "{L}: {P}/{M}",
        "({N}) {L}: {P} pt{S}",
    ),
}
# Patient values: {N} the input's name, {n} lower case, {V} the patient's value (or a wrong one), {U} its unit.
VALUE_STYLES = {
    "dev": (
        "The patient's {n} is {V} {U}.",
        "- {N}: {V} {U}",
        "{N} = {V} {U}",
        "Given a {n} of {V} {U}, we continue.",
        "| {N} | {V} {U} |",
        "**{N}**: {V} {U}",
    ),
    "check": (
        "{N} was {V} {U}.",
        "* {N} — {V} {U}",
        "We use {n} {V} {U}.",
        "Plugging in the {n} ({V} {U}).",
        "| {N} | {V} | {U} |",
        "{N} measured at {V} {U}.",
    ),
}
TABLE_HEAD = {
    "| {N} | {V} {U} |": "| Parameter | Value |\n|---|---|\n",
    "| {N} | {V} | {U} |": "| Parameter | Value | Unit |\n|---|---|---|\n",
    "| {L} | {P} |": "| Criterion | Points |\n|---|---|\n",
    "| {L} | {V} | {P} |": "| Criterion | Value | Points |\n|---|---|---|\n",
}


def _numeric_value(calc, crit, inputs) -> str | None:
    """The patient's value of a criterion that reads one number, as written in a trace."""
    names = [n for n in crit.inputs if isinstance(inputs.get(n), (int, float)) and not isinstance(inputs.get(n), bool)]
    if len(crit.inputs) != 1 or len(names) != 1:
        return None
    spec = next((i for i in calc.inputs if i.name == names[0]), None)
    unit = getattr(spec, "unit", None) or ""
    unit = UNIT_TEXT.get(unit, unit)
    return f"{fmt(inputs[names[0]], 2)} {unit}".strip()


def _wrong(crit, p: float) -> float | None:
    """Points the criterion gives that this patient does not score: the next whole point of a
    narrow scale (Child-Pugh's 1-3, APACHE II's 0-4), else its other end (a finding's 0 or 10)."""
    lo, hi = float(crit.minimum), float(crit.maximum)
    if hi - lo <= 4:
        for cand in (p + 1, p - 1, p + 2, p - 2):
            if lo <= cand <= hi and cand != p:
                return cand
    for cand in (hi, lo):
        if cand != p:
            return cand
    return None


def _line(style: str, crit, points: float, value: str | None, number: int = 1) -> str:
    p = fmt(points)
    return style.format(L=crit.label, l=crit.label[:1].lower() + crit.label[1:], P=p, S="" if p == "1" else "s", V=value,
                        M=fmt(crit.maximum), N=number)


NOTE_ONLY = False  # --note-only: the patient note without its entities (as for traces on the train split)


def _trace(top: str, lines: list[str], tail: str) -> tuple[str, list[tuple[int, int]]]:
    """The trace text and each line's span."""
    text, spans = top, []
    for ln in lines:
        spans.append((len(text), len(text) + len(ln)))
        text += ln + "\n"
    return text + tail, spans


def _rows_by_calculator() -> dict[int, list]:
    """MedCalc-Bench test rows with entities, by calculator."""
    out = defaultdict(list)
    for r in load_rows():
        if r.entities:
            out[r.calculator_id].append(r)
    return out


def run(rows_per_calc: int, halves: tuple[str, ...], show: int) -> dict:
    """Every criterion of every points-based score, its patient's whole tally written in each style."""
    rows_by_calc = _rows_by_calculator()
    res = {h: defaultdict(Counter) for h in halves}
    misses, alarms = [], []
    for calc in list_calculators():
        crits = tuple(getattr(sys.modules.get(calc.compute_fn.__module__), "CRITERIA", ()) or ())  # declared in the calculator's module
        if not crits:
            continue
        for r in rows_by_calc.get(calc.medcalc_id, [])[:rows_per_calc]:
            try:
                inputs = calc.parse(r.entities)
                result = calc.compute(inputs)
            except CalculatorError:
                continue
            scored = [(c, float(result.intermediates[c.key]), _numeric_value(calc, c, inputs)) for c in crits
                      if c.key in result.intermediates and isinstance(result.intermediates[c.key], (int, float))]
            head = f"Calculating the {calc.name} for this patient.\n"
            tail = f"\nSo the total {calc.name} is {fmt(result.json_value())}."
            for half in halves:
                for style in STYLES[half]:
                    fallback = style.replace(" ({V})", "").replace(" is {V},", ",").replace(" of {V}", "").replace(" at {V}", "").replace(" {V} |", " — |")  # a table keeps its value column
                    lines = [_line(style if v is not None else fallback, c, p, v, k + 1) for k, (c, p, v) in enumerate(scored)]
                    c = res[half][style]
                    top = head + TABLE_HEAD.get(style, "")
                    text, spans = _trace(top, lines, tail)
                    v = verify(text, calculator=calc.id, patient_note=r.note, entities=None if NOTE_ONLY else r.entities)
                    flagged = [s for s in v.steps if s.verdict == "incorrect" and s.first_failure.kind != "answer"]
                    c["right"] += 1
                    c["alarm"] += bool(flagged)
                    if flagged and len(alarms) < show:
                        alarms.append((calc.id, style, flagged[0].text[:90], flagged[0].first_failure.detail[:120]))
                    for i, (crit, p, val) in enumerate(scored):
                        bad = None if crit.judgement else _wrong(crit, p)
                        if bad is None:
                            continue
                        wrong = list(lines)
                        wrong[i] = _line(style if val is not None else fallback, crit, bad, val, i + 1)
                        text, spans = _trace(top, wrong, tail)
                        v = verify(text, calculator=calc.id, patient_note=r.note, entities=None if NOTE_ONLY else r.entities)
                        a, b = spans[i]
                        on_line = any(s.verdict == "incorrect" and s.start < b and a < s.end for s in v.steps)
                        c["wrong"] += 1
                        c["found"] += on_line
                        if not on_line and len(misses) < show:
                            misses.append((calc.id, crit.key, wrong[i]))
    return {"res": res, "misses": misses, "alarms": alarms}


# Canonical units as traces write them.
UNIT_TEXT = {"1/min": "/min", "1": "", "degC": "°C", "1/nL": "×10^9/L", "10^9/L": "×10^9/L", "day": "days", "year": "years",
             "1/week": "drinks a week", "1/day": "times a day", "ug": "µg", "ug/kg/min": "µg/kg/min", "ug/h": "µg/h"}


def _wrong_value(v: float) -> float:
    """A value off by a quarter: no rounding of the patient's makes it."""
    return round(v * 1.25 + (1 if abs(v) < 4 else 0), 2)


def run_values(rows_per_calc: int, halves: tuple[str, ...], show: int) -> dict:
    """Each numeric input of every calculator, its patient value written in each style: the right
    value must not be flagged, a wrong one must be flagged on its line."""
    rows_by_calc = _rows_by_calculator()
    res = {h: defaultdict(Counter) for h in halves}
    misses, alarms = [], []
    for calc in list_calculators():
        for r in rows_by_calc.get(calc.medcalc_id, [])[:rows_per_calc]:
            try:
                inputs = calc.parse(r.entities)
            except CalculatorError:
                continue
            for spec in calc.inputs:
                v = inputs.get(spec.name)
                if getattr(spec, "kind", None) != "number" or not isinstance(v, (int, float)) or isinstance(v, bool) or v == 0:
                    continue
                if getattr(spec, "default", None) is not None and v == spec.default:
                    continue  # a default (the normal albumin), not the patient's value
                name = spec.name.replace("_", " ")
                name = {"ph": "pH"}.get(name, name.upper() if len(name) <= 4 and " " not in name and name != "age" else name)
                unit = UNIT_TEXT.get(spec.unit, spec.unit)
                head = f"Inputs for the {calc.name}:\n"
                for half in halves:
                    for style in VALUE_STYLES[half]:
                        c = res[half][style]
                        for value, wrong in ((v, False), (_wrong_value(v), True)):
                            line = style.format(N=name if name != name.lower() else name[:1].upper() + name[1:], n=name, V=fmt(value, 2), U=unit).replace("  ", " ").replace(" .", ".").replace(" |", " |")
                            top = head + TABLE_HEAD.get(style, "")
                            text = top + line + "\nDone."
                            out = verify(text, calculator=calc.id, patient_note=r.note, entities=None if NOTE_ONLY else r.entities)
                            a, b = len(top), len(top) + len(line)
                            # (the value is the text's last number, so it is also read as the answer: that check is not counted)
                            on_line = any(s.verdict == "incorrect" and s.start < b and a < s.end and any(ch.ok is False and ch.kind != "answer" for ch in s.checks)
                                          for s in out.steps)
                            if wrong:
                                c["wrong"] += 1
                                c["found"] += on_line
                                if not on_line and len(misses) < show:
                                    misses.append((calc.id, spec.name, line))
                            else:
                                c["right"] += 1
                                c["alarm"] += on_line
                                if on_line and len(alarms) < show:
                                    alarms.append((calc.id, spec.name, line))
    return {"res": res, "misses": misses, "alarms": alarms}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows-per-calculator", type=int, default=2)
    ap.add_argument("--styles", choices=("dev", "check", "all"), default="all")
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--kind", choices=("criteria", "values", "all"), default="all")
    ap.add_argument("--note-only", action="store_true", help="verify against the note alone, without the row's entities")
    a = ap.parse_args(argv)
    global NOTE_ONLY
    NOTE_ONLY = a.note_only
    halves = ("dev", "check") if a.styles == "all" else (a.styles,)
    for kind in ("criteria", "values"):
        if a.kind in (kind, "all"):
            _report(kind, (run if kind == "criteria" else run_values)(a.rows_per_calculator, halves, a.show_misses), halves)
    return 0


def _report(kind: str, out: dict, halves: tuple[str, ...]) -> None:
    for half in halves:
        print(f"\n## {kind}: {half} styles")
        print(f"{'style':<48}{'wrong':>7}{'found':>8}{'right':>7}{'alarm':>8}")
        tot = Counter()
        for style, c in out["res"][half].items():
            tot.update(c)
            print(f"{style.replace(chr(10), ' ')[:46]:<48}{c['wrong']:>7}{_pct(c['found'], c['wrong']):>8}{c['right']:>7}{_pct(c['alarm'], c['right']):>8}")
        print(f"{'all ' + half:<48}{tot['wrong']:>7}{_pct(tot['found'], tot['wrong']):>8}{tot['right']:>7}{_pct(tot['alarm'], tot['right']):>8}")
    for m in out["misses"]:
        print("missed:", *m, file=sys.stderr)
    for m in out["alarms"]:
        print("alarm:", *m, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
