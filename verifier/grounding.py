"""The calculator-grounded answer: run the calculator on the values a trace itself extracted.

A model's trace states the patient values it uses ("weight is 80 kg", "creatinine 1.4 mg/dL",
"the patient is a 72-year-old man"). When those cover every required input of the calculator,
the calculator recomputes the answer from them, with its own step-by-step explanation, and the
result is shown beside the model's claim. This separates two failure modes a clinician cares
about: wrong values pulled from the note (the verifier's extraction checks) and wrong arithmetic
or formula applied to the right values (the grounded answer disagrees with the claim).

Extraction reuses the verifier's claim extraction (quantity claims named after an input);
choice inputs such as sex are read from the option words the trace uses (only when exactly one
option is named). Flags (score criteria) that the trace does not state are reported as assumed
absent, as MedCalc-Bench does.

``verify`` uses the same recomputation to attribute a wrong final answer to its cause when no
earlier step was found wrong (``attribute``), and as the expected answer of last resort
(source ``trace``) when neither a reference nor entities are given.
"""

from __future__ import annotations

import re
from typing import Any

from clinverify.calculators import Calculator, CalculatorError, InputError, get
from clinverify.calculators.model import VERSION_INPUTS, fmt
from clinverify.calculators.units import convert
from clinverify.verifier import dates, knowledge
from clinverify.verifier.answer_values import agrees, as_calc_value, label_text
from clinverify.verifier.claims import Claim, extract_claims, final_answer
from clinverify.verifier.note_findings import note_sex
from clinverify.verifier.steps import segment


def extract_inputs(trace: str, calc: Calculator) -> dict[str, Any]:
    """Entities (native form) for ``calc`` taken from the trace: the first value stated for each
    numeric input (with its unit), and choice options named unambiguously."""
    claims = [c for step in segment(trace) for c in extract_claims(step.text, step.start)]
    return inputs_from_claims(claims, trace, calc)


def inputs_from_claims(claims: list[Claim], trace: str, calc: Calculator) -> dict[str, Any]:
    """``extract_inputs`` from claims already extracted (in trace order)."""
    found: dict[str, Any] = {}
    for claim in claims:
        if claim.kind not in ("quantity", "conversion") or claim.value is None:
            continue
        if claim.kind == "conversion" and 1 in (claim.value, claim.rhs_value):
            continue  # a unit's identity ("1 kg = 2.2 lb"), not the patient's value
        name = knowledge.input_for(calc, claim.name)
        if name is None or name in found:
            continue
        inp = calc.input(name)
        if inp.kind != "number":
            continue
        if claim.kind == "conversion":  # "101,000/µL = 101 × 10^9/L": the value the trace goes on with (a wrong conversion is flagged where made)
            value, unit = claim.rhs_value, claim.rhs_unit
            if not _measures(inp, unit):
                continue  # "weight 30 kg → 70 mL/hr": a result, not the weight converted
        else:
            value, unit = claim.value, claim.unit
        found[name] = [value, unit] if unit else value
    for inp in calc.inputs:
        if inp.kind == "date" and inp.name not in found and (d := named_date(trace, inp)) is not None:
            found[inp.name] = d  # "LMP 5/20/2020 + 280 days = …", "last menstrual period: 08/02/2010"
    low = trace.lower()
    for inp in calc.inputs:
        if inp.kind != "choice" or inp.name in found or inp.name in VERSION_INPUTS:
            continue  # a version or definition the trace names is its convention, not a patient value
        hits = set()
        for opt, spellings in inp.options.items():
            for w in (opt, *spellings):
                if len(w) >= 3 and w.lower() in low and any(
                        not _RULE_BEFORE.search(low, max(0, m.start() - 24), m.start())
                        for m in re.finditer(r"(?<![a-z])" + re.escape(w.lower()) + r"(?![a-z])", low)):
                    hits.add(opt)
        if len(hits) == 1:
            found[inp.name] = hits.pop()
    return found


def _measures(inp, unit: str | None) -> bool:
    """Can a value in ``unit`` be the input's (converted to its unit)?"""
    try:
        convert(1.0, unit or "", inp.unit, getattr(inp, "analyte", None))
    except (CalculatorError, ValueError, ZeroDivisionError, KeyError, TypeError):
        return False
    return True


def named_date(text: str, inp) -> str | None:
    """The one date (with its year) written right after a date input's names ("last menstrual
    period was on 08/02/2010", "LMP: 8/2/2010"; ``dates.named_dates``), as MM/DD/YYYY; None when
    there is none or the dates after its names differ."""
    found = dates.one_named_date(text, knowledge.input_names(inp))
    return None if found is None else f"{found[0]:02d}/{found[1]:02d}/{found[2]}"


def completed_from_note(g: dict[str, Any], calc: Calculator, note: str | None) -> dict[str, Any] | None:
    """A grounded answer (``grounded_answer``) that lacks inputs the trace does not state, completed
    with the values the note gives unambiguously (``graders.note_inputs``, ``named_date``,
    ``note_sex``): the calculator recomputed, the filled inputs listed under ``from_note``. None when
    the trace states no input itself or the note does not give every missing one."""
    if not note or g.get("complete") or not g.get("missing") or not g.get("inputs"):
        return None  # (a trace that states no value of its own is not recomputed from the note alone)
    from clinverify.verifier.graders import note_inputs

    inputs = dict(g["inputs"])
    numbers: dict[str, float] | None = None
    filled = []
    for miss in g["missing"]:
        name = miss.get("field")
        try:
            inp = calc.input(name)
        except (CalculatorError, KeyError, TypeError):
            return None
        value: Any = None
        if inp.kind == "number":
            numbers = note_inputs(calc, note) if numbers is None else numbers
            value = numbers.get(name)
        elif inp.kind == "date":
            value = named_date(note, inp)
        elif inp.kind == "choice" and name == "sex":
            value = note_sex(note)
        if value is None:
            return None
        inputs[name] = value
        filled.append(name)
    try:
        result = calc.compute(calc.parse(inputs))
    except (CalculatorError, ArithmeticError, ValueError, TypeError, KeyError):
        return None
    return {**g, "complete": True, "inputs": inputs, "missing": [], "value": result.json_value(), "from_note": filled}


# An option named in a rule, not said of the patient: "1 if male, and 0.85 if female", "for female patients".
_RULE_BEFORE = re.compile(r"\b(?:if|for|when|in|among|unless)\s+(?:the\s+|a\s+|an\s+)?(?:patient\s+is\s+(?:a\s+)?)?$")


def grounded_answer(trace: str, calculator: str | int | Calculator | None, claimed: Any = None, *, claims: list[Claim] | None = None) -> dict[str, Any]:
    """``{"calculator", "complete", "value", "unit", "explanation", "inputs", "missing",
    "assumed", "claimed", "agrees", "detail"}`` for one trace. ``claimed`` defaults to the trace's
    final answer; ``claims``: the trace's claims when already extracted. Never raises for bad
    content."""
    out: dict[str, Any] = {
        "calculator": None,
        "complete": False,
        "value": None,
        "unit": None,
        "explanation": [],
        "inputs": {},
        "missing": [],
        "assumed": [],
        "claimed": None,
        "agrees": None,
        "detail": "",
    }
    if claimed is None:
        fa = final_answer(trace)
        claimed = fa.value if fa is not None else None
    out["claimed"] = claimed if isinstance(claimed, (int, float, str, dict, type(None))) else str(claimed)
    if calculator in (None, ""):
        out["detail"] = "no calculator identified: nothing to recompute"
        return out
    try:
        calc = calculator if isinstance(calculator, Calculator) else get(calculator)
    except CalculatorError as exc:
        out["detail"] = str(exc)
        return out
    out["calculator"] = calc.id
    out["unit"] = calc.output.unit
    entities = extract_inputs(trace, calc) if claims is None else inputs_from_claims(claims, trace, calc)
    out["inputs"] = entities
    out["assumed"] = [i.name for i in calc.inputs if not i.required and i.name not in entities]
    try:
        parsed = calc.parse(entities)
    except InputError as exc:
        out["missing"] = [{"field": v.field, "description": v.description} for v in exc.violations]
        names = ", ".join(v.field for v in exc.violations)
        out["detail"] = f"the trace does not state a usable value for: {names}; no recomputation"
        return out
    try:
        result = calc.compute(parsed)
    except (CalculatorError, ArithmeticError, ValueError) as exc:
        out["detail"] = f"the calculator could not run on the trace's values: {exc}"
        return out
    out["complete"] = True
    out["value"] = result.json_value()
    out["explanation"] = result.explanation()
    value = result.value
    shown_value = fmt(value, 3) if calc.output.type == "decimal" and isinstance(value, float) else result.display()
    shown = f"{shown_value} {result.unit}".rstrip()
    if claimed is None:
        out["detail"] = f"the calculator gives {shown} from the trace's values; the trace gives no final answer"
        return out
    given = as_calc_value(calc, claimed)
    ok = None if given is None else agrees(calc, given, label_text(result.json_value()))
    out["agrees"] = ok
    claim_txt = fmt(claimed, 3) if isinstance(claimed, float) else str(claimed)
    verb = {True: "agrees with", False: "disagrees with", None: "cannot be compared with"}[ok]
    out["detail"] = f"model answered {claim_txt}; {verb} the calculator's {shown} from the trace's own values"
    if out["assumed"] and any(calc.input(n).kind == "flag" for n in out["assumed"]):
        out["detail"] += " (criteria the trace does not mention taken as absent)"
    return out
