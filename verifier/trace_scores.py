"""Trace scores, each in [0, 1] or None when undefined.

Definitions (adapted from RadRScore / MedR-Bench, where they score radiology and medical
reasoning against reference findings; here the reference is the calculator itself):

- answer        MedCalc-Bench's rule: a decimal within [lower, upper] (default ±5 %), integer,
                date and duration exact. None without an expected answer.
- factuality    correct ÷ (correct + incorrect) over checkable claims (RadRScore's precision of
                stated facts). None when nothing was checkable.
- completeness  required quantities of the calculator (each input used, each named intermediate,
                each criterion's points, the result) stated correctly ÷ all required
                (RadRScore's recall of required findings). None without a calculator.
- effectiveness steps that establish a required quantity ÷ non-neutral steps (MedR-Bench's
                share of reasoning that moves toward the answer).
- process       min over step scores (ProcessBench / PRM convention: a chain is as good as its
                worst step); 1 correct, 0.5 unverifiable, 0 incorrect; neutral steps ignored.
- reward        configurable combination; default = answer (the outcome reward RL papers use
                for MedCalc-Bench). ``RewardWeights`` mixes in process and factuality.
- risk          calibrated probability that the trace is wrong; added by ``check.verify`` from
                ``verifier.risk`` (it reads the answer check as well as the steps). Never None.

Corrected steps (the trace takes the error back) and neutral steps have no step score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clinverify.verifier.result import NEUTRAL, Step, score_of


@dataclass(frozen=True, slots=True)
class RewardWeights:
    answer: float = 1.0
    process: float = 0.0
    factuality: float = 0.0
    format: float = 0.0  # bonus for producing a parseable final answer at all

    def combine(self, answer: float | None, process: float | None, factuality: float | None, has_answer: bool) -> float:
        parts = ((self.answer, answer), (self.process, process), (self.factuality, factuality), (self.format, 1.0 if has_answer else 0.0))
        total_w = sum(w for w, _ in parts if w)
        if not total_w:
            return 0.0
        return sum(w * (v or 0.0) for w, v in parts if w) / total_w


DEFAULT_WEIGHTS = RewardWeights()


def score_trace(
    steps: Sequence[Step],
    answer_correct: bool | None,
    required: Iterable[str] | None,
    has_answer: bool,
    weights: RewardWeights = DEFAULT_WEIGHTS,
) -> dict[str, float | None]:
    checks = [c for s in steps for c in s.checks]
    decided = [c for c in checks if c.ok is not None]
    factuality = sum(1 for c in decided if c.ok) / len(decided) if decided else None

    completeness = None
    req = set(required) if required is not None else None
    if req:
        stated = {c.quantity for c in checks if c.ok and c.quantity}
        completeness = len(req & stated) / len(req)

    verdicts = [s.verdict for s in steps]  # computed once: each reads the step's checks
    active = [s for s, v in zip(steps, verdicts, strict=True) if v != NEUTRAL]
    effectiveness = None
    if active:
        contributing = sum(1 for s in active if any(c.quantity for c in s.checks))
        effectiveness = contributing / len(active)

    step_scores = [x for s, v in zip(steps, verdicts, strict=True) if (x := score_of(s, v)) is not None]
    process = min(step_scores) if step_scores else None
    answer = None if answer_correct is None else float(answer_correct)
    return {
        "answer": answer,
        "factuality": factuality,
        "completeness": completeness,
        "effectiveness": effectiveness,
        "process": process,
        "reward": weights.combine(answer, process, factuality, has_answer),
    }
