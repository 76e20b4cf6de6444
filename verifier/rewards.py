"""The reward core beside the verifier: verify rows from RL labels and completions, rewards from
``verify`` output objects. Pure functions: no I/O, no threads, no subprocesses.

Used by the scorer and the OpenRLHF HTTP server (``clinverify.services.reward_scoring``,
``clinverify.services.reward_http``) and by the framework adapters (``clinverify.clients.rewards``).

Which reward (``reward=``):

- ``"reward"`` (default): the verifier's configured reward (default = the outcome reward: 1 when
  the final answer is right by MedCalc-Bench's rule, else 0).
- ``"answer"``, ``"process"`` (min step score: 1 correct, 0.5 unverifiable, 0 incorrect),
  ``"factuality"``, ``"completeness"``: that score alone.
- ``"answer_process"``: mean of answer and process (outcome plus process shaping).
- ``"confidence"``: ``1 − scores.risk``, a dense reward from the calibrated trace risk (defined
  even without a reference: the risk reads the verifier's own evidence).
- a mapping of weights, e.g. ``{"answer": 1.0, "process": 0.5, "format": 0.1}`` (``format``:
  1 when the trace states a parseable final answer; ``confidence``: 1 − risk): the weighted mean
  of the defined scores. The mapping may also carry ``"correction_cost": c`` (not a weight): a
  step the trace itself corrects (verdict ``corrected``) then scores ``1 − c`` in the process
  reward and the step rewards, for users who reward clean reasoning; by default a corrected step
  costs nothing.

A reward is *not applicable* (``None``) when the score it needs is undefined: answer-based
rewards without an expected answer (no reference, no entities, no calculator identified),
process without a single checkable step. A trace the verifier rejects (e.g. longer than its size
limit) scores 0.0.

Inputs: the reference may be the answer text ("25.2", "09/23/2014", "(14 weeks, 1 days)"), a
number, or a mapping/JSON object with ``answer`` (or ``ground_truth``), ``lower``, ``upper``
and any of ``calculator``, ``question``, ``patient_note``, ``entities``; MedCalc-Bench column
names ("Ground Truth Answer", "Lower Limit", "Calculator ID", "Relevant Entities", ...) are
accepted too. When no question or calculator is given, the prompt serves as the question from
which the calculator is identified.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from typing import Any

from clinverify.calculators.inputs import parse_mapping_text

__all__ = [
    "ANSWER_KEYS",
    "LOWER_KEYS",
    "REWARDS",
    "SCORE_KEYS",
    "UPPER_KEYS",
    "WEIGHT_KEYS",
    "check_reward",
    "completion_reasoning",
    "completion_text",
    "correction_cost",
    "details",
    "make_row",
    "number",
    "prompt_text",
    "reward_of",
    "row_from_label",
    "step_rewards",
    "step_scores",
    "token_step_rewards",
]

REWARDS = ("reward", "answer", "process", "factuality", "completeness", "answer_process", "confidence")
SCORE_KEYS = ("answer", "factuality", "completeness", "effectiveness", "process", "risk")
WEIGHT_KEYS = ("answer", "process", "factuality", "completeness", "effectiveness", "format", "confidence")
OPTION_KEYS = ("correction_cost",)
_QUESTION_CHARS = 4000  # the calculator is identified from the prompt's tail (where the question is)

# Reference / label / column names -> native verify-row fields.
_ALIASES = {
    "calculator": ("calculator", "calculator_id", "Calculator ID", "Calculator Name", "calculator_name"),
    "question": ("question", "Question"),
    "patient_note": ("patient_note", "Patient Note", "note"),
    "entities": ("entities", "Relevant Entities"),
    "id": ("id", "Row Number", "Unique ID"),
}
# The fields a chat message carries its separate thinking in: ``reasoning_content`` (transformers'
# response schemas, vLLM, DeepSeek), ``thinking`` (some transformers/TRL schemas, e.g. LFM2.5),
# ``reasoning`` (newer OpenAI-compatible servers).
REASONING_KEYS = ("reasoning_content", "thinking", "reasoning")
ANSWER_KEYS = ("answer", "ground_truth", "Ground Truth Answer", "reference_answer", "label", "solution", "gold")
LOWER_KEYS = ("lower", "Lower Limit", "lower_limit")
UPPER_KEYS = ("upper", "Upper Limit", "upper_limit")


# ---------------------------------------------------------------------------------------------
# inputs -> verify rows
# ---------------------------------------------------------------------------------------------


def _plain(x: Any) -> Any:
    """numpy/pyarrow values (verl's non_tensor_batch, datasets columns) as plain Python."""
    if hasattr(x, "tolist") and not isinstance(x, (str, bytes)):
        try:
            return x.tolist()
        except Exception:
            return x
    if hasattr(x, "as_py"):
        return x.as_py()
    return x


def _mapping_text(text: str) -> Any:
    try:
        return parse_mapping_text(text)
    except ValueError:
        return None


def _entities(x: Any) -> dict[str, Any] | None:
    x = _plain(x)
    if isinstance(x, str):
        x = _mapping_text(x.strip()) if x.strip() else None
    if not isinstance(x, Mapping):
        return None
    # Arrow fills absent struct fields with None: an absent entity, not a value.
    return {str(k): _plain(v) for k, v in x.items() if v is not None} or None


def _first(m: Mapping[str, Any], keys: Sequence[str]) -> Any:
    for k in keys:
        v = m.get(k)
        if v is not None and v != "":
            return _plain(v)
    return None


def _is_duration(m: Mapping[str, Any]) -> bool:
    return bool(m) and set(m) <= {"weeks", "days"} and "weeks" in m


def row_from_label(label: Any) -> dict[str, Any]:
    """A reference, verl ``ground_truth`` or OpenRLHF label -> verify-row fields.

    Text or a number is the expected answer; a mapping (or JSON object text) may carry
    ``answer``/``lower``/``upper`` or ``reference``, and ``calculator``, ``question``,
    ``patient_note``, ``entities`` (MedCalc-Bench column names accepted). Never the model's answer.
    """
    label = _plain(label)
    if label is None or label == "":
        return {}
    if isinstance(label, bool):
        label = str(label)
    if isinstance(label, (int, float)):
        return {"reference": {"answer": label}}
    if isinstance(label, str):
        s = label.strip()
        if s.startswith("{"):
            obj = _mapping_text(s)
            if isinstance(obj, Mapping):
                return row_from_label(obj)
        return {"reference": {"answer": s}} if s else {}
    if isinstance(label, (list, tuple)) and len(label) == 2 and all(isinstance(i, int) for i in label):
        return {"reference": {"answer": {"weeks": label[0], "days": label[1]}}}
    if not isinstance(label, Mapping):
        return {"reference": {"answer": str(label)}}
    if _is_duration(label):
        return {"reference": {"answer": dict(label)}}
    row: dict[str, Any] = {}
    for field, keys in _ALIASES.items():
        v = _first(label, keys)
        if v is not None:
            row[field] = v
    if "entities" in row:
        ent = _entities(row["entities"])
        if ent is None:
            row.pop("entities")
        else:
            row["entities"] = ent
    ref = _plain(label.get("reference"))
    if isinstance(ref, str) and ref.strip().startswith("{"):
        ref = _mapping_text(ref.strip())
    if isinstance(ref, Mapping) and not _is_duration(ref):
        ans, lo, hi = _first(ref, ANSWER_KEYS), _first(ref, LOWER_KEYS), _first(ref, UPPER_KEYS)
    else:
        ans, lo, hi = (ref if ref not in (None, "") else None), None, None
    if ans is None:
        ans = _first(label, ANSWER_KEYS)
    lo = lo if lo is not None else _first(label, LOWER_KEYS)
    hi = hi if hi is not None else _first(label, UPPER_KEYS)
    if isinstance(ans, Mapping) and not _is_duration(ans):
        ans = None
    if ans is not None:
        row["reference"] = {"answer": ans, "lower": lo, "upper": hi}
    return row


def _merge_context(row: dict[str, Any], extra: Any) -> dict[str, Any]:
    """Fill fields the label did not give from verl's extra_info / TRL's columns."""
    extra = _plain(extra)
    if not isinstance(extra, Mapping) or not extra:
        return row
    more = row_from_label({k: v for k, v in extra.items() if k not in ANSWER_KEYS and k != "reference"})
    for k, v in more.items():
        if k == "reference":
            continue
        row.setdefault(k, v)
    ref = row.get("reference")
    if isinstance(ref, dict):  # bounds given beside the answer (e.g. in extra_info)
        if ref.get("lower") is None:
            ref["lower"] = _first(extra, LOWER_KEYS)
        if ref.get("upper") is None:
            ref["upper"] = _first(extra, UPPER_KEYS)
    elif "reference" not in row:
        # The reference itself given among the context columns.
        cand = {k: extra[k] for k in ("reference", *ANSWER_KEYS, *LOWER_KEYS, *UPPER_KEYS) if k in extra}
        r = row_from_label(cand).get("reference") if cand else None
        if r is not None:
            row["reference"] = r
    return row


def _messages_text(value: Any, role: str) -> str | None:
    """The text of a string or of chat messages (those of ``role``); None for other shapes."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        msgs = [m for m in value if isinstance(m, Mapping)]
        if role == "assistant":
            if not msgs:
                return "".join(str(x) for x in value)
            chosen = [m for m in msgs if m.get("role", "assistant") == "assistant"] or msgs[-1:]
        else:
            chosen = [m for m in msgs if m.get("role") == role] or msgs
        return "\n".join(_content_text(m.get("content")) for m in chosen)
    return None


def completion_text(completion: Any) -> str:
    """A completion as text: a string, or chat messages (the assistant messages' content)."""
    text = _messages_text(completion, "assistant")
    if text is not None:
        return text
    completion = _plain(completion)
    if isinstance(completion, Mapping):
        return _content_text(completion.get("content"))
    return str(completion)


def _assistant_messages(completion: Any) -> list[Mapping[str, Any]]:
    """The assistant messages of a completion given as chat messages (one message or a list)."""
    completion = _plain(completion)
    if isinstance(completion, Mapping):
        return [completion]
    if isinstance(completion, (list, tuple)):
        msgs = [m for m in completion if isinstance(m, Mapping)]
        return [m for m in msgs if m.get("role", "assistant") == "assistant"] or msgs[-1:]
    return []


def completion_reasoning(completion: Any) -> str | None:
    """The separate thinking of a completion given as chat messages: the assistant messages'
    ``reasoning_content`` (or ``thinking``, ``reasoning``), joined; None for text or none given."""
    parts = []
    for m in _assistant_messages(completion):
        for k in REASONING_KEYS:
            v = _content_text(m.get(k)) if m.get(k) is not None else ""
            if v.strip():
                parts.append(v)
                break
    return "\n".join(parts) or None


def _content_text(content: Any) -> str:
    content = _plain(content)
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, (list, tuple)):  # multimodal parts: [{"type": "text", "text": ...}]
        return "".join(p.get("text") or "" if isinstance(p, Mapping) else str(p) for p in content)
    return str(content)


def prompt_text(prompt: Any) -> str:
    """A prompt as text: a string, or chat messages (the user messages' content)."""
    text = _messages_text(prompt, "user")
    return text if text is not None else str(_plain(prompt))


def make_row(trace: Any, label: Any = None, context: Any = None, prompt: str | None = None) -> dict[str, Any]:
    """A verify input row from a response, its label/ground truth, context columns and prompt.

    ``trace``: text, or the completion as chat messages (one message or a list); the messages'
    separate thinking (``reasoning_content``, ``thinking`` or ``reasoning``) becomes the row's
    ``reasoning_content``, verified as the trace's thinking."""
    row = _merge_context(row_from_label(label), context)
    row.pop("answer", None)  # the answer checked is the response's own
    row.pop("reasoning_content", None)  # the thinking checked is the response's own
    if isinstance(trace, str):
        row["trace"] = trace
    else:
        row["trace"] = completion_text(trace)
        reasoning = completion_reasoning(trace)
        if reasoning is not None:
            row["reasoning_content"] = reasoning
    if prompt and "question" not in row and "calculator" not in row:
        row["question"] = prompt[-_QUESTION_CHARS:]
    calc = row.get("calculator")
    if isinstance(calc, float) and calc.is_integer():
        row["calculator"] = int(calc)
    return row


# ---------------------------------------------------------------------------------------------
# reward from a verify result
# ---------------------------------------------------------------------------------------------


def number(x: Any) -> float | None:
    """A score as a float; None for None, NaN, booleans and anything not a number."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return None if math.isnan(x) else float(x)


def check_reward(reward: str | Mapping[str, float]) -> str | dict[str, float]:
    """A reward name, or a weight mapping checked and with its zero weights dropped (ValueError
    for an unknown name or score, no non-zero weight, or a correction cost outside [0, 1])."""
    if isinstance(reward, Mapping):
        bad = [k for k in reward if k not in WEIGHT_KEYS and k not in OPTION_KEYS]
        if bad:
            raise ValueError(f"reward weights: unknown score {bad[0]!r} (expected {', '.join(WEIGHT_KEYS + OPTION_KEYS)})")
        w = {k: float(v) for k, v in reward.items() if v}
        if not any(k in WEIGHT_KEYS for k in w):
            raise ValueError("reward weights: at least one weight must be non-zero")
        cost = w.get("correction_cost", 0.0)
        if not 0.0 <= cost <= 1.0:
            raise ValueError(f"reward weights: correction_cost must be within [0, 1], got {cost}")
        return w
    if reward not in REWARDS:
        raise ValueError(f"reward: expected one of {', '.join(REWARDS)} or a mapping of weights, got {reward!r}")
    return reward


def reward_of(result: Mapping[str, Any], reward: str | Mapping[str, float] = "reward") -> float | None:
    """The reward for one ``verify`` output object; None when not applicable (see module doc)."""
    reward = check_reward(reward)
    if result.get("error"):
        return 0.0
    sc = result.get("scores") or {}
    answer = _answer_score(result)
    if reward == "confidence":
        risk = number(sc.get("risk"))
        return None if risk is None else 1.0 - risk
    if isinstance(reward, dict):
        if reward.get("answer") and answer is None:
            return None
        ans = result.get("answer") or {}
        vals = {k: number(sc.get(k)) for k in SCORE_KEYS}
        vals["answer"] = answer
        vals["format"] = 1.0 if ans.get("value") is not None else 0.0
        vals["confidence"] = None if vals["risk"] is None else 1.0 - vals["risk"]
        vals["process"] = _process(result, reward.get("correction_cost", 0.0))
        parts = [(w, vals[k]) for k, w in reward.items() if k in WEIGHT_KEYS and vals.get(k) is not None]
        total = sum(w for w, _ in parts)
        return sum(w * v for w, v in parts) / total if total else None
    if reward == "reward":
        return None if answer is None else number(sc.get("reward"))
    if reward == "answer":
        return answer
    if reward == "answer_process":
        if answer is None:
            return None
        process = number(sc.get("process"))
        return answer if process is None else (answer + process) / 2
    return number(sc.get(reward))


def _answer_score(result: Mapping[str, Any]) -> float | None:
    """The answer score, with a missing final answer counted wrong when an answer was expected."""
    answer = number((result.get("scores") or {}).get("answer"))
    if answer is None:
        chk = result.get("answer") or {}
        if chk.get("expected") is not None and chk.get("value") is None:
            return 0.0
    return answer


def correction_cost(reward: Any) -> float:
    """The ``correction_cost`` a (checked) reward carries; 0 for a reward name."""
    return float(reward.get("correction_cost", 0.0)) if isinstance(reward, Mapping) else 0.0


def _process(result: Mapping[str, Any], cost: float = 0.0) -> float | None:
    """The process score, with each corrected step costing ``cost``."""
    process = number((result.get("scores") or {}).get("process"))
    if cost and any(s.get("verdict") == "corrected" for s in result.get("steps") or ()):
        return min(1.0 if process is None else process, 1.0 - cost)
    return process


def step_scores(result: Mapping[str, Any], correction_cost: float = 0.0) -> list[float]:
    """Per-step process rewards of one result, in step order (1 correct, 0.5 unverifiable, 0 incorrect;
    steps without a claim count 1; a corrected step 1 − ``correction_cost``)."""
    return [
        1.0 - correction_cost if s.get("verdict") == "corrected" else float(s.get("score") if s.get("score") is not None else 1.0)
        for s in result.get("steps") or ()
    ]


def step_rewards(result: Mapping[str, Any], correction_cost: float = 0.0) -> list[dict[str, Any]]:
    """Each step's ``{"span": [start, end), "score", "verdict", "error"}`` (spans in characters of
    the response; scores as ``step_scores``)."""
    return [
        {"span": s.get("span"), "score": sc, "verdict": s.get("verdict"), "error": s.get("error")}
        for s, sc in zip(result.get("steps") or (), step_scores(result, correction_cost), strict=True)
    ]


def details(result: Mapping[str, Any], reward: Any, none_value: float | None, steps: bool) -> dict[str, Any]:
    """``score`` (``none_value`` where not applicable) plus the verifier's scores (undefined ones
    as ``none_value``, 0 when that is None), ``applicable``, ``first_error`` (-1 when none),
    ``calculator``, ``verify_error`` and, with ``steps``, ``step_scores``. ``reward``: checked."""
    r = reward_of(result, reward)
    sc = result.get("scores") or {}
    fill = 0.0 if none_value is None else none_value
    out: dict[str, Any] = {"score": r if r is not None else none_value}
    for k in SCORE_KEYS:
        v = _answer_score(result) if k == "answer" else number(sc.get(k))
        out[k] = v if v is not None else fill
    out["applicable"] = 0.0 if r is None else 1.0
    out["first_error"] = result.get("first_error") if result.get("first_error") is not None else -1
    out["calculator"] = result.get("calculator") or ""
    out["verify_error"] = (result.get("error") or {}).get("code") or ""
    if steps:
        out["step_scores"] = step_scores(result, correction_cost(reward))
    return out


def token_step_rewards(steps: Sequence[Mapping[str, Any]], offsets: Sequence[Sequence[int]], *, fill: float = 0.0) -> list[float]:
    """Per-token process rewards for one response: each step's score on the token holding the
    step's last character, ``fill`` elsewhere (the minimum where two steps end in one token).

    ``steps``: one response's step rewards (``step_rewards``, ``RewardScorer.step_rewards``:
    ``span`` and ``score``; spans are characters of the response); ``offsets``: the response
    tokens' ``(start, end)`` character offsets, e.g.
    ``tokenizer(response, return_offsets_mapping=True)["offset_mapping"]``.
    """
    starts = [int(o[0]) for o in offsets]
    out = [fill] * len(offsets)
    placed: set[int] = set()
    for st in steps:
        span = st.get("span")
        if not span or not offsets:
            continue
        last = max(int(span[0]), int(span[1]) - 1)
        i = max(0, bisect.bisect_right(starts, last) - 1)
        score = float(st.get("score") if st.get("score") is not None else 1.0)
        out[i] = min(out[i], score) if i in placed else score
        placed.add(i)
    return out
