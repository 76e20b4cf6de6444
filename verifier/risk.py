"""Trace-level risk: the probability that a trace's result or reasoning is wrong.

A logistic model over the verifier's own evidence, small enough to read:

    risk = 1 / (1 + exp(-(bias + Σ coefficient × feature)))

Features (``features(steps, answer)``; counts enter as log(1 + n)):

- ``answer_wrong``       the final answer disagrees with the expected one (from the reference or
                         the patient's entities)
- ``answer_right``       it agrees
- ``own_answer_wrong``   no reference or entities: the answer disagrees with the calculator run
                         on the values the trace itself stated (weaker evidence)
- ``own_answer_right``   it agrees with them
- ``answer_unknown``     no expected answer could be formed, or the trace gives none
- ``no_answer``          the trace gives no final answer
- ``major``              incorrect steps of major severity outside the thinking
- ``minor``              incorrect steps of minor severity (last digits, truncation)
- ``thinking_errors``    incorrect steps inside the thinking
- ``corrected``          steps the trace itself corrects
- ``unverifiable``       steps with a claim that could not be checked
- ``formula_error``      some incorrect step is a formula error (wrong equation, constant, version)
- ``criterion_error``    some incorrect step scores a criterion wrongly
- ``extraction_error``   some incorrect step misreads a patient value
- ``checked``            share of steps with a decided check other than the final answer's
- ``nothing_checked``    no claim of the trace could be checked at all (the final answer aside)
- ``thinking``           the trace has a thinking section (a long trace tries, doubts and redoes:
                         the same counts of flags mean less there)

The coefficients below were fitted by ``bench/fit_risk.py`` on the development rows of the real
corpus (``../shared/real-traces-dev/``, rows split as in ``bench/gold_tool.py``), both with the
row's entities and with the note only, against the answer label (physician-corrected where one
exists); the bench reports AUROC and expected calibration error on the held-out check rows.
Refit and paste the printed block when the verifier's reading changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from clinverify.verifier.result import CORRECTED, INCORRECT, UNVERIFIABLE, AnswerCheck, Step

FEATURES = (
    "answer_wrong", "answer_right", "own_answer_wrong", "own_answer_right", "answer_unknown", "no_answer", "major", "minor",
    "thinking_errors", "corrected", "unverifiable", "formula_error", "criterion_error", "extraction_error",
    "checked", "nothing_checked", "thinking",
)

# --- fitted by bench/fit_risk.py (do not edit by hand) ---
BIAS = 0.7883
COEFFICIENTS = {
    "answer_wrong": 1.4314,
    "answer_right": -1.5887,
    "own_answer_wrong": 2.6914,
    "own_answer_right": -2.7479,
    "answer_unknown": 0.2138,
    "no_answer": 0.0000,
    "major": 1.4471,
    "minor": -0.9262,
    "thinking_errors": 1.0227,
    "corrected": 1.4808,
    "unverifiable": 0.3236,
    "formula_error": -0.1867,
    "criterion_error": -0.3094,
    "extraction_error": -0.3969,
    "checked": -1.4653,
    "nothing_checked": 0.9477,
    "thinking": -0.8862,
}
# --- end of fitted block ---


def features(steps: Sequence[Step], answer: AnswerCheck) -> dict[str, float]:
    """The evidence the risk model reads, from a verified trace."""
    verdicts = [s.verdict for s in steps]  # computed once: each reads the step's checks
    incorrect = [s for s, v in zip(steps, verdicts, strict=True) if v == INCORRECT]
    outside = [s for s in incorrect if not s.thinking]
    kinds = {f.kind for s in incorrect if (f := s.first_failure) is not None}
    decided = sum(1 for s in steps if any(c.ok is not None and c.kind != "answer" for c in s.checks))
    own = answer.source == "trace"
    return {
        "answer_wrong": float(answer.correct is False and not own),
        "answer_right": float(answer.correct is True and not own),
        "own_answer_wrong": float(answer.correct is False and own),
        "own_answer_right": float(answer.correct is True and own),
        "answer_unknown": float(answer.correct is None),
        "no_answer": float(answer.value is None),
        "major": math.log1p(sum(1 for s in outside if s.severity == "major" and s.first_failure.kind != "answer")),
        "minor": math.log1p(sum(1 for s in incorrect if s.severity == "minor")),
        "thinking_errors": math.log1p(len(incorrect) - len(outside)),
        "corrected": math.log1p(verdicts.count(CORRECTED)),
        "unverifiable": math.log1p(verdicts.count(UNVERIFIABLE)),
        "formula_error": float("formula" in kinds),
        "criterion_error": float("criterion" in kinds),
        "extraction_error": float("extraction" in kinds),
        "checked": decided / len(steps) if steps else 0.0,
        "nothing_checked": float(decided == 0),
        "thinking": float(any(s.thinking for s in steps)),
    }


def from_features(f: dict[str, float], bias: float | None = None, coefficients: dict[str, float] | None = None) -> float:
    b = BIAS if bias is None else bias
    w = COEFFICIENTS if coefficients is None else coefficients
    z = b + sum(w.get(k, 0.0) * v for k, v in f.items())
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def risk(steps: Sequence[Step], answer: AnswerCheck) -> float:
    """The calibrated probability that the trace's result or reasoning is wrong, in [0, 1]."""
    return round(from_features(features(steps, answer)), 4)


# --- how well a risk separates and is calibrated (the report and bench/fit_risk.py) ---------------


def auroc(scores: Sequence[float], wrong: Sequence[bool]) -> float | None:
    """Probability that a wrong trace gets a higher risk than a right one (ties count half);
    None unless both kinds are present. Mann-Whitney over mid-ranks: O(n log n)."""
    pos = sum(1 for w in wrong if w)
    neg = len(wrong) - pos
    if not pos or not neg:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum, i = 0.0, 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mid = (i + j) / 2 + 1
        rank_sum += mid * sum(1 for k in order[i : j + 1] if wrong[k])
        i = j + 1
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def reliability(scores: Sequence[float], wrong: Sequence[bool], bins: int = 10) -> tuple[float, list[tuple[int, int, float, float]]]:
    """Expected calibration error over equal-width bins, and per non-empty bin: (bin, traces,
    mean risk, share wrong)."""
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(scores):
        groups.setdefault(min(bins - 1, int(r * bins)), []).append(i)
    table, ece = [], 0.0
    for b in sorted(groups):
        idx = groups[b]
        mean = sum(scores[i] for i in idx) / len(idx)
        share = sum(1 for i in idx if wrong[i]) / len(idx)
        ece += len(idx) / len(scores) * abs(mean - share)
        table.append((b, len(idx), mean, share))
    return ece, table

