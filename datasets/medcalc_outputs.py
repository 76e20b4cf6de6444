"""Upstream MedCalc-Bench ``run.py`` output rows: joined to the dataset by row number, and the
benchmark's results summary (per-category and overall accuracy, and the comparison with the
upstream ``Result`` column). Used by ``clinverify verify --medcalc-bench``.

The upstream output format and evaluation were read in ncbi-nlp/MedCalc-Bench (not copied):

- ``evaluation/run.py``: each output row holds "Row Number", "Calculator Name", "Calculator ID",
  "Category", "Note ID", "Patient Note", "Question", "LLM Answer", "LLM Explanation",
  "Ground Truth Answer", "Ground Truth Explanation" and "Result" ("Correct" or "Incorrect"; a
  response whose answer could not be extracted is written as "Incorrect"). It has no "Lower
  Limit", "Upper Limit" or "Relevant Entities".
- ``evaluation/table_stats.py`` (``compute_overall_accuracy``): a row scores 1 when its Result is
  "Correct", else 0; each category's accuracy is the mean score of its rows, in percent rounded
  to 2 decimals, with the standard error sqrt(p (1 - p) / n) rounded to 2 decimals; "overall" is
  the mean over all rows. (Upstream divides the overall standard error by a fixed 1047, the size
  of the test set; here n is the number of rows scored, the same on a full run.)

Here the score of a row is clinverify's answer check (``answer.correct`` of the ``verify``
result), and a row that could not be verified, or whose answer could not be judged, scores 0,
as upstream scores a failed extraction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from clinverify.datasets.medcalc_bench import Row, load_rows

ROW_NUMBER_KEYS = ("Row Number", "Unique ID")  # run.py writes "Row Number"; the v1.0 CSV says "Unique ID"
INFO_KEY = "medcalc_bench"  # the key added to each result: {"row", "category", "result"}


class UnknownRow(Exception):
    """An output row whose row number is missing or not in the dataset."""

    def __init__(self, code: str, message: str, number: Any = None):
        super().__init__(message)
        self.code = code
        self.number = number


def dataset_index(path: str | None = None) -> dict[int, Row]:
    """The dataset's rows by row number (``path``: the data folder or its CSV; default ``data_dir()``)."""
    return {r.row: r for r in load_rows(path)}


def row_number(row: dict[str, Any]) -> Any:
    """The row's number as given ("Row Number", else "Unique ID"), or None."""
    for key in ROW_NUMBER_KEYS:
        if row.get(key) is not None:
            return row[key]
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def _absent(row: dict[str, Any], key: str) -> bool:
    return row.get(key) is None


def join_output_row(row: dict[str, Any], index: dict[int, Row]) -> tuple[dict[str, Any], Row]:
    """A copy of the output row with what it lacks taken from its dataset row: the reference
    (Ground Truth Answer, Lower Limit, Upper Limit), Relevant Entities, Patient Note, Question,
    Calculator ID and Category. Values the row gives are kept. The limits are taken only when the
    row's Ground Truth Answer is absent or the dataset's (limits of another label would be wrong).
    Raises UnknownRow when the row number is missing or not in the dataset."""
    given = row_number(row)
    if given is None:
        raise UnknownRow("missing_field", "Row Number: required with --medcalc-bench (the dataset row to join)")
    number = _as_int(given)
    if number is None or number not in index:
        shown = repr(given) if len(repr(given)) <= 40 else repr(given)[:40] + "…"
        first, last = (min(index), max(index)) if index else (0, 0)
        raise UnknownRow("unknown_row", f"Row Number {shown} is not a row of the MedCalc-Bench dataset (rows {first}-{last})", given)
    ds = index[number]
    out = dict(row)
    fills: dict[str, Any] = {
        "Relevant Entities": ds.entities,
        "Patient Note": ds.note,
        "Question": ds.question,
        "Calculator ID": ds.calculator_id,
        "Category": ds.category,
    }
    label = row.get("Ground Truth Answer")
    if label is None or str(label).strip() == ds.label.strip():
        fills.update({"Ground Truth Answer": ds.label, "Lower Limit": ds.lower, "Upper Limit": ds.upper})
    for key, value in fills.items():
        if _absent(out, key):
            out[key] = value
    return out, ds


def row_info(joined: dict[str, Any], ds: Row) -> dict[str, Any]:
    """What the summary needs of a row, kept in its result (so resumed rows count too)."""
    category = joined.get("Category")
    result = joined.get("Result")
    return {
        "row": ds.row,
        "category": category if isinstance(category, str) and category else ds.category,
        "result": result if isinstance(result, str) else None,
    }


def accuracy(scores: list[int]) -> dict[str, float]:
    """Upstream's figures for one group: mean in percent (2 decimals) and standard error (2 decimals)."""
    p = sum(scores) / len(scores)
    return {"average": round(p * 100, 2), "std": round(math.sqrt(p * (1 - p) / len(scores)), 2)}


@dataclass
class BenchSummary:
    """Accumulates ``verify --medcalc-bench`` results (in output order)."""

    scores: dict[str, list[int]] = field(default_factory=dict)  # category -> clinverify's scores
    upstream: dict[str, list[int]] = field(default_factory=dict)  # category -> upstream Result scores
    unjoined: int = 0  # result rows without a dataset row (bad lines, unknown row numbers)
    agree: int = 0
    disagree: list[int] = field(default_factory=list)  # row numbers
    not_compared: int = 0  # rows with an upstream Result but no answer verdict from clinverify

    def add(self, res: dict[str, Any]) -> None:
        info = res.get(INFO_KEY)
        if not isinstance(info, dict) or not info.get("category"):
            self.unjoined += 1
            return
        cat = info["category"]
        ans = res.get("answer") if not res.get("error") else None
        verdict = ans.get("correct") if isinstance(ans, dict) else None
        self.scores.setdefault(cat, []).append(1 if verdict is True else 0)
        result = info.get("result")
        if result not in ("Correct", "Incorrect"):
            return
        self.upstream.setdefault(cat, []).append(1 if result == "Correct" else 0)
        if verdict is None:
            self.not_compared += 1
        elif verdict == (result == "Correct"):
            self.agree += 1
        else:
            self.disagree.append(info["row"])

    def stats(self, groups: dict[str, list[int]]) -> dict[str, dict[str, float]]:
        """Upstream's results JSON: each category, then "overall"."""
        out = {cat: accuracy(xs) for cat, xs in sorted(groups.items())}
        every = [x for xs in groups.values() for x in xs]
        if every:
            out["overall"] = accuracy(every)
        return out

    def rows(self) -> list[list[str]]:
        """One table row per category and "overall": rows, correct, accuracy ± std, upstream's."""
        ours, theirs = self.stats(self.scores), self.stats(self.upstream)
        out = []
        for cat in ours:
            xs = [x for v in self.scores.values() for x in v] if cat == "overall" else self.scores[cat]
            up = theirs.get(cat)
            out.append([
                cat,
                str(len(xs)),
                str(sum(xs)),
                f"{ours[cat]['average']:.2f}% ± {ours[cat]['std']:.2f}",
                f"{up['average']:.2f}% ± {up['std']:.2f}" if up else "–",
            ])
        return out

    def comparison(self) -> str:
        compared = self.agree + len(self.disagree)
        if not compared and not self.not_compared:
            return "no upstream Result column to compare with"
        text = f"upstream Result: {self.agree} of {compared} rows agree with clinverify's answer check"
        if self.disagree:
            text += "; disagree on rows " + ", ".join(str(n) for n in sorted(self.disagree))
        if self.not_compared:
            text += f"; {self.not_compared} rows without an answer verdict not compared"
        return text

    HEAD = ["category", "rows", "correct (clinverify)", "accuracy (clinverify)", "accuracy (upstream Result)"]

    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """The report's tables: accuracy per category, and the Result comparison."""
        compare = [[self.comparison()]]
        if self.unjoined:
            compare.append([f"{self.unjoined} result rows without a dataset row (error rows) are not counted"])
        return [
            ("MedCalc-Bench accuracy per category (upstream rule)", self.HEAD, self.rows()),
            ("MedCalc-Bench: comparison with the upstream Result", ["finding"], compare),
        ]

    def text(self) -> str:
        """The summary for stderr."""
        lines = ["medcalc-bench: accuracy per category (clinverify's answer check; upstream Result)"]
        for cat, n, ok, ours, theirs in self.rows():
            lines.append(f"  {cat:<10} {ok:>4}/{n:<4} {ours:<16} upstream {theirs}")
        if not self.scores:
            lines.append("  (no rows joined to the dataset)")
        lines.append("  " + self.comparison())
        if self.unjoined:
            lines.append(f"  {self.unjoined} result rows without a dataset row (error rows) are not counted")
        return "\n".join(lines) + "\n"
