"""MedCalc-Bench explanations as verifier test data: which rows should verify clean.

A Ground Truth Explanation is expected to have no incorrect step when its v1.0 label agrees
with the physician-corrected label and its text is not listed in
``datasets/data/explanation_errata.csv`` (reviewed explanation errors: a template stating
one formula and computing another, a wrong unit conversion, ...).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from clinverify.calculators import Calculator, get
from clinverify.datasets.medcalc_bench import Row, agrees, load_corrected, load_rows

EXPLANATION_ERRATA = Path(__file__).resolve().parent / "data" / "explanation_errata.csv"


@lru_cache(maxsize=1)
def explanation_errata() -> tuple[frozenset[str], dict[int, str]]:
    """(calculators whose template is wrong, {row: reason} for individually wrong explanations)."""
    templates: set[str] = set()
    rows: dict[int, str] = {}
    if EXPLANATION_ERRATA.is_file():
        with open(EXPLANATION_ERRATA, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["scope"] == "template":
                    templates.add(r["calculator"])
                else:
                    for n in r["rows"].split():
                        rows[int(n)] = r["reason"]
    return frozenset(templates), rows


def label_value(calc: Calculator, label: str):
    """The v1.0 label as a value of the calculator's output type."""
    from clinverify.verifier.answer_values import as_calc_value

    if calc.output.type == "duration":
        nums = re.findall(r"\d+", label)
        return (int(nums[0]), int(nums[1])) if len(nums) >= 2 else None
    return as_calc_value(calc, label)


def labels_agree(calc: Calculator, row: Row) -> bool:
    corr = load_corrected().get(row.row)
    if corr is None or corr[0].strip().upper() == "N/A":
        return False
    lab = label_value(calc, row.label)
    return lab is not None and bool(agrees(calc, lab, *corr))


def rows_with_calculator() -> Iterator[tuple[Row, Calculator]]:
    for r in load_rows():
        try:
            yield r, get(r.calculator_id)
        except LookupError:
            continue


def clean_rows(exclude_errata: bool = True) -> Iterator[tuple[Row, Calculator]]:
    """Rows whose explanation should verify with no incorrect step."""
    templates, bad_rows = explanation_errata()
    for r, calc in rows_with_calculator():
        if exclude_errata and (calc.id in templates or r.row in bad_rows):
            continue
        if labels_agree(calc, r):
            yield r, calc


def verify_kwargs(r: Row) -> dict:
    return dict(calculator=r.calculator_id, entities=r.entities, patient_note=r.note, reference={"answer": r.label, "lower": r.lower, "upper": r.upper})
