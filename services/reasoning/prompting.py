"""MedCalc-Bench style prompting: patient note + question -> step-by-step reasoning that ends in
a JSON object ``{"step_by_step_thinking": ..., "answer": ...}``, and lenient parsing of what a
model actually writes back.

The zero-shot wording follows MedCalc-Bench's chain-of-thought setting (Khandekar et al., 2024):
a system message asking for step-by-step thinking and a JSON dict, and a user message with the
note and the task. An optional one-shot example (a worked note/question/explanation/answer) is
inserted as a prior user/assistant exchange, as in its one-shot setting.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

JSON_FORMAT = (
    '{"step_by_step_thinking": str(your_step_by_step_thinking_procress_to_solve_the_question), '
    '"answer": str(short_and_direct_answer_of_the_question)}'
)

SYSTEM_PROMPT = (
    "You are a helpful assistant for calculating a score for a given patient note. "
    "Please think step-by-step to solve the question and then generate the required score. "
    f"Your output should only contain a JSON dict formatted as {JSON_FORMAT}."
)


def user_prompt(patient_note: str, question: str) -> str:
    return (
        f"Here is the patient note:\n{patient_note.strip()}\n\n"
        f"Here is the task:\n{question.strip()}\n\n"
        f"Please directly output the JSON dict formatted as {JSON_FORMAT}:"
    )


@dataclass(frozen=True, slots=True)
class Example:
    """A worked example for one-shot prompting."""

    patient_note: str
    question: str
    explanation: str
    answer: str


def build_messages(patient_note: str, question: str, example: Example | None = None, system: str | None = None) -> list[dict[str, str]]:
    """Chat messages for one note/question (zero-shot, or one-shot with ``example``)."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question: required (e.g. \"What is the patient's CURB-65 score?\")")
    msgs = [{"role": "system", "content": system or SYSTEM_PROMPT}]
    if example is not None:
        msgs.append({"role": "user", "content": user_prompt(example.patient_note, example.question)})
        msgs.append({"role": "assistant", "content": json.dumps({"step_by_step_thinking": example.explanation, "answer": example.answer}, ensure_ascii=False)})
    msgs.append({"role": "user", "content": user_prompt(patient_note or "", question)})
    return msgs


@dataclass(frozen=True, slots=True)
class ParsedOutput:
    thinking: str
    answer: str | None
    well_formed: bool  # the whole output was the requested JSON object


_ANSWER_RE = re.compile(r'"answer"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)', re.S)
_THINK_RE = re.compile(r'"step_by_step_thinking"\s*:\s*"((?:[^"\\]|\\.)*)', re.S)


def parse_output(text: str) -> ParsedOutput:
    """The thinking and answer of a model's output: strict JSON first, then a JSON object inside
    surrounding prose or code fences, then the two fields picked out by pattern (outputs cut off
    by ``max_tokens`` still yield their thinking)."""
    s = text.strip()
    fenced = re.sub(r"^```(?:json)?\s*|\s*```$", "", s)
    for candidate, whole in ((fenced, True), (_outer_object(s), False)):
        if not candidate:
            continue
        try:
            obj = json.loads(candidate)
        except (json.JSONDecodeError, ValueError):
            continue
        if isinstance(obj, dict) and ("answer" in obj or "step_by_step_thinking" in obj):
            ans = obj.get("answer")
            return ParsedOutput(str(obj.get("step_by_step_thinking") or ""), None if ans is None else _answer_text(ans), whole)
    think = _THINK_RE.search(s)
    ans = _ANSWER_RE.search(s)
    thinking = _unescape(think.group(1)) if think else s
    answer = None
    if ans:
        a = ans.group(1)
        answer = _unescape(a[1:-1]) if a.startswith('"') else a
    return ParsedOutput(thinking, answer, False)


def _answer_text(ans: Any) -> str:
    return ans if isinstance(ans, str) else json.dumps(ans)


def _outer_object(s: str) -> str | None:
    i, j = s.find("{"), s.rfind("}")
    return s[i : j + 1] if 0 <= i < j else None


def _unescape(s: str) -> str:
    try:
        return json.loads(f'"{s}"')
    except (json.JSONDecodeError, ValueError):
        return s.replace('\\"', '"').replace("\\n", "\n")
