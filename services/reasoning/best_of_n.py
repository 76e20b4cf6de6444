"""GenerateAndVerify: sample n solutions, verify each, rank best-first (best-of-n with a
verifier, as in medical PRM work, e.g. MedS3 and Med-PRM).

Ranking key, best first:
1. ``scores.risk`` (calibrated probability that the result or reasoning is wrong; lowest first):
   a candidate with nothing checkable has a high risk, so it never wins on a vacuous process score;
   a result without a risk (an error row) ranks last;
2. ``scores.process`` (min over step scores) — undefined (no checkable step) below any defined;
3. answer correctness (``answer.correct``: true > undefined > false), against the reference or
   the entities when the caller gave them;
4. agreement with the calculator-grounded answer (true > undefined > false);
5. ``scores.factuality``, then the original sample order (stable, deterministic).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clinverify.services.reasoning.backend import ReasoningBackend, check_params
from clinverify.services.reasoning.prompting import build_messages
from clinverify.verifier.grounding import grounded_answer


@dataclass(slots=True)
class Candidate:
    index: int  # sample order
    text: str
    verification: dict[str, Any]
    grounded: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "verification": self.verification, "grounded": self.grounded}


def _tri(v: Any) -> int:
    return 2 if v is True else 0 if v is False else 1


def _num(v: Any) -> float:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else -1.0


def rank_key(c: Candidate) -> tuple:
    v = c.verification or {}
    scores = v.get("scores") or {}
    answer = v.get("answer") or {}
    r = scores.get("risk")
    return (
        float(r) if isinstance(r, (int, float)) and not isinstance(r, bool) else 2.0,
        -_num(scores.get("process")),
        -_tri(answer.get("correct")),
        -_tri((c.grounded or {}).get("agrees")),
        -_num(scores.get("factuality")),
        c.index,
    )


def rank(cands: Sequence[Candidate]) -> list[Candidate]:
    return sorted(cands, key=rank_key)


def verify_candidate(
    index: int,
    text: str,
    *,
    calculator: Any = None,
    question: str | None = None,
    patient_note: str | None = None,
    entities: Mapping[str, Any] | None = None,
    reference: Any = None,
) -> Candidate:
    """Verify one generated text (never raises for bad content: the error lands in the result)."""
    from clinverify.verifier.batch import verify_row

    row: dict[str, Any] = {"id": index, "trace": text, "question": question, "patient_note": patient_note}
    if calculator not in (None, ""):
        row["calculator"] = calculator
    if entities:
        row["entities"] = dict(entities)
    if reference not in (None, "", {}):
        row["reference"] = reference
    v = verify_row(row)
    calc = v.get("calculator") or (calculator if calculator not in (None, "") else None)
    claimed = (v.get("answer") or {}).get("value")
    g = grounded_answer(text, calc, claimed=claimed)
    return Candidate(index, text, v, g)


def verify_candidates(texts: Sequence[str], **ctx: Any) -> list[Candidate]:
    return rank([verify_candidate(i, t, **ctx) for i, t in enumerate(texts)])


def generate_and_verify(
    backend: ReasoningBackend,
    patient_note: str,
    question: str,
    *,
    n: int = 4,
    calculator: Any = None,
    entities: Mapping[str, Any] | None = None,
    reference: Any = None,
    max_tokens: int = 512,
    temperature: float = 0.7,
    seed: int | None = None,
) -> list[Candidate]:
    """Sample ``n`` solutions, verify each, return them best-first."""
    check_params(n, max_tokens, temperature)
    texts = backend.generate(build_messages(patient_note, question), n=n, max_tokens=max_tokens, temperature=temperature, seed=seed)
    return verify_candidates(texts, calculator=calculator, question=question, patient_note=patient_note, entities=entities, reference=reference)


async def agenerate_and_verify(
    backend: ReasoningBackend,
    patient_note: str,
    question: str,
    *,
    n: int = 4,
    calculator: Any = None,
    entities: Mapping[str, Any] | None = None,
    reference: Any = None,
    max_tokens: int = 512,
    temperature: float = 0.7,
    seed: int | None = None,
) -> list[Candidate]:
    """Async form: generation through ``backend.agenerate``, verification in a worker thread."""
    check_params(n, max_tokens, temperature)
    texts = await backend.agenerate(build_messages(patient_note, question), n=n, max_tokens=max_tokens, temperature=temperature, seed=seed)
    return await asyncio.to_thread(
        verify_candidates, texts, calculator=calculator, question=question, patient_note=patient_note, entities=entities, reference=reference
    )
