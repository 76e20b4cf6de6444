"""MedCalc-Bench data access: rows, physician-corrected labels and our errata (the answer rule,
``agrees``, is the verifier's: ``clinverify.verifier.answer_values``).

The data files are not shipped (CC-BY-SA, and large); they are read from
``$CLINVERIFY_MEDCALC_DIR`` or ``../shared/medcalc-bench`` beside the checkout.
The errata (rows where this project's value differs from the v1.0 label, each with a
cited reason) ship with the package under ``data/errata/``, one CSV per calculator.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from clinverify.calculators.inputs import parse_mapping_text
from clinverify.verifier.answer_values import agrees

csv.field_size_limit(10_000_000)

_HERE = Path(__file__).resolve().parent
__all__ = ["Erratum", "Row", "agrees", "data_dir", "load_corrected", "load_errata", "load_rows", "parse_entities"]
ERRATA_DIR = _HERE / "data" / "errata"
ERRATA_FIELDS = ("row", "v1_label", "project_value", "corrected_label", "corrected_agrees", "kind", "reason")
ERRATA_KINDS = ("label_error", "entity_error", "ambiguous", "convention")


def data_dir() -> Path | None:
    env = os.environ.get("CLINVERIFY_MEDCALC_DIR")
    candidates = [Path(env)] if env else []
    candidates += [_HERE.parent.parent / "shared" / "medcalc-bench", Path.cwd().parent / "shared" / "medcalc-bench"]
    for c in candidates:
        if (c / "test_data_v1.0.csv").is_file():
            return c
    return None


@dataclass(frozen=True, slots=True)
class Row:
    row: int
    calculator_id: int
    calculator_name: str
    output_type: str
    entities: dict[str, Any]
    label: str
    lower: str
    upper: str
    note: str
    question: str
    explanation: str
    category: str = ""  # lab, physical, date, dosage, risk, severity, diagnosis


@lru_cache(maxsize=2)
def load_rows(path: str | None = None) -> tuple[Row, ...]:
    """The dataset's rows from ``path`` (the data folder, or a CSV file in the v1.0 columns),
    by default from ``data_dir()``."""
    base = Path(path) if path else data_dir()
    if base is None:
        raise FileNotFoundError("MedCalc-Bench data not found: set CLINVERIFY_MEDCALC_DIR")
    csv_path = base if base.is_file() else base / "test_data_v1.0.csv"
    out = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.append(
                Row(
                    row=int(r["Unique ID"]),
                    calculator_id=int(r["Calculator ID"]),
                    calculator_name=r["Calculator Name"],
                    output_type=r["Output Type"],
                    entities=parse_entities(r["Relevant Entities"]),
                    label=r["Ground Truth Answer"],
                    lower=r["Lower Limit"],
                    upper=r["Upper Limit"],
                    note=r["Patient Note"],
                    question=r["Question"],
                    explanation=r["Ground Truth Explanation"],
                    category=r.get("Category") or "",
                )
            )
    return tuple(out)


def parse_entities(text: str) -> dict[str, Any]:
    """MedCalc-Bench writes entities as a Python literal dict; parse it without eval."""
    value = parse_mapping_text(text)
    if not isinstance(value, dict):
        raise ValueError("Relevant Entities is not a dict")
    return value


@lru_cache(maxsize=2)
def load_corrected(path: str | None = None) -> dict[int, tuple[str, str, str]]:
    base = Path(path) if path else data_dir()
    if base is None:
        return {}
    f = base / "test_labels_physician_corrected.csv"
    if not f.is_file():
        return {}
    with open(f, newline="", encoding="utf-8") as fh:
        return {int(r["Unique ID"]): (r["Ground Truth Answer"], r["Lower Limit"], r["Upper Limit"]) for r in csv.DictReader(fh)}


@dataclass(frozen=True, slots=True)
class Erratum:
    calculator: str
    row: int
    v1_label: str
    project_value: str
    corrected_label: str
    corrected_agrees: str  # yes | no | n/a (no corrected label)
    kind: str
    reason: str


def load_errata(directory: Path = ERRATA_DIR) -> dict[int, Erratum]:
    """All reviewed disagreements with v1.0 labels, keyed by row number."""
    out: dict[int, Erratum] = {}
    if not directory.is_dir():
        return out
    for f in sorted(directory.glob("*.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                e = Erratum(f.stem, int(r["row"]), r["v1_label"], r["project_value"], r["corrected_label"], r["corrected_agrees"], r["kind"], r["reason"])
                if e.row in out:
                    raise ValueError(f"row {e.row} listed twice in the errata ({f.name})")
                out[e.row] = e
    return out
