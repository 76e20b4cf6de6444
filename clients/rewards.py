"""Reward functions for RL on clinical-calculation tasks: verl, TRL and OpenRLHF adapters.

Scoring runs in-process by default (the deterministic verifier, about a millisecond a trace,
spread over worker processes for large batches) or against a clinverify server when given an
``address`` (or a ``Client``). Every adapter can also give per-step process rewards.

    # verl: custom_reward_function.path=pkg://clinverify.clients.rewards, name=compute_score
    from clinverify.clients.rewards import compute_score
    compute_score("medcalc", "... = 32.35 mL/min. Answer: 32.35", "32.35", {"calculator": 2})

    # TRL: GRPOTrainer(reward_funcs=[trl_reward()], ...)
    from clinverify.clients.rewards import trl_reward

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
process without a single checkable step. TRL receives ``None`` (it then ignores the function for
that sample); verl and OpenRLHF get ``none_value`` (default 0.0). A trace the verifier rejects
(e.g. longer than its size limit) scores 0.0.

Inputs: the reference may be the answer text ("25.2", "09/23/2014", "(14 weeks, 1 days)"), a
number, or a mapping/JSON object with ``answer`` (or ``ground_truth``), ``lower``, ``upper``
and any of ``calculator``, ``question``, ``patient_note``, ``entities``; MedCalc-Bench column
names ("Ground Truth Answer", "Lower Limit", "Calculator ID", "Relevant Entities", ...) are
accepted too. When no question or calculator is given, the prompt serves as the question from
which the calculator is identified.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import queue
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from clinverify.calculators.inputs import parse_mapping_text

__all__ = [
    "REWARDS",
    "RewardScorer",
    "compute_score",
    "compute_score_batch",
    "get_scorer",
    "process_rewards",
    "reward_of",
    "row_from_label",
    "token_step_rewards",
    "trl_reward",
]

REWARDS = ("reward", "answer", "process", "factuality", "completeness", "answer_process", "confidence")
SCORE_KEYS = ("answer", "factuality", "completeness", "effectiveness", "process", "risk")
_WEIGHT_KEYS = ("answer", "process", "factuality", "completeness", "effectiveness", "format", "confidence")
_OPTION_KEYS = ("correction_cost",)
_QUESTION_CHARS = 4000  # the calculator is identified from the prompt's tail (where the question is)

# Reference / label / column names -> native verify-row fields.
_ALIASES = {
    "calculator": ("calculator", "calculator_id", "Calculator ID", "Calculator Name", "calculator_name"),
    "question": ("question", "Question"),
    "patient_note": ("patient_note", "Patient Note", "note"),
    "entities": ("entities", "Relevant Entities"),
    "id": ("id", "Row Number", "Unique ID"),
}
_ANSWER_KEYS = ("answer", "ground_truth", "Ground Truth Answer", "reference_answer", "label", "solution", "gold")
_LOWER_KEYS = ("lower", "Lower Limit", "lower_limit")
_UPPER_KEYS = ("upper", "Upper Limit", "upper_limit")
# TRL passes these besides the dataset columns.
_TRL_RESERVED = frozenset({"prompts", "completions", "completion_ids", "trainer_state", "log_extra", "log_metric", "environments"})


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
        ans, lo, hi = _first(ref, _ANSWER_KEYS), _first(ref, _LOWER_KEYS), _first(ref, _UPPER_KEYS)
    else:
        ans, lo, hi = (ref if ref not in (None, "") else None), None, None
    if ans is None:
        ans = _first(label, _ANSWER_KEYS)
    lo = lo if lo is not None else _first(label, _LOWER_KEYS)
    hi = hi if hi is not None else _first(label, _UPPER_KEYS)
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
    more = row_from_label({k: v for k, v in extra.items() if k not in _ANSWER_KEYS and k != "reference"})
    for k, v in more.items():
        if k == "reference":
            continue
        row.setdefault(k, v)
    ref = row.get("reference")
    if isinstance(ref, dict):  # bounds given beside the answer (e.g. in extra_info)
        if ref.get("lower") is None:
            ref["lower"] = _first(extra, _LOWER_KEYS)
        if ref.get("upper") is None:
            ref["upper"] = _first(extra, _UPPER_KEYS)
    elif "reference" not in row:
        # The reference itself given among the context columns.
        cand = {k: extra[k] for k in ("reference", *_ANSWER_KEYS, *_LOWER_KEYS, *_UPPER_KEYS) if k in extra}
        r = row_from_label(cand).get("reference") if cand else None
        if r is not None:
            row["reference"] = r
    return row


def completion_text(completion: Any) -> str:
    """A completion as text: a string, or chat messages (the assistant messages' content)."""
    completion = _plain(completion)
    if completion is None:
        return ""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Mapping):
        return _content_text(completion.get("content"))
    if isinstance(completion, (list, tuple)):
        msgs = [m for m in completion if isinstance(m, Mapping)]
        if not msgs:
            return "".join(str(x) for x in completion)
        assistant = [m for m in msgs if m.get("role", "assistant") == "assistant"] or msgs[-1:]
        return "\n".join(_content_text(m.get("content")) for m in assistant)
    return str(completion)


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
    prompt = _plain(prompt)
    if prompt is None:
        return ""
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, (list, tuple)):
        msgs = [m for m in prompt if isinstance(m, Mapping)]
        users = [m for m in msgs if m.get("role") == "user"] or msgs
        return "\n".join(_content_text(m.get("content")) for m in users)
    return str(prompt)


def make_row(trace: str, label: Any = None, context: Any = None, prompt: str | None = None) -> dict[str, Any]:
    """A verify input row from a response, its label/ground truth, context columns and prompt."""
    row = _merge_context(row_from_label(label), context)
    row.pop("answer", None)  # the answer checked is the response's own
    row["trace"] = trace if isinstance(trace, str) else completion_text(trace)
    if prompt and "question" not in row and "calculator" not in row:
        row["question"] = prompt[-_QUESTION_CHARS:]
    calc = row.get("calculator")
    if isinstance(calc, float) and calc.is_integer():
        row["calculator"] = int(calc)
    return row


# ---------------------------------------------------------------------------------------------
# reward from a verify result
# ---------------------------------------------------------------------------------------------


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return None if math.isnan(x) else float(x)


def _check_reward(reward: str | Mapping[str, float]) -> str | dict[str, float]:
    if isinstance(reward, Mapping):
        bad = [k for k in reward if k not in _WEIGHT_KEYS and k not in _OPTION_KEYS]
        if bad:
            raise ValueError(f"reward weights: unknown score {bad[0]!r} (expected {', '.join(_WEIGHT_KEYS + _OPTION_KEYS)})")
        w = {k: float(v) for k, v in reward.items() if v}
        if not any(k in _WEIGHT_KEYS for k in w):
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
    reward = _check_reward(reward)
    if result.get("error"):
        return 0.0
    sc = result.get("scores") or {}
    answer = _answer_score(result)
    if reward == "confidence":
        risk = _num(sc.get("risk"))
        return None if risk is None else 1.0 - risk
    if isinstance(reward, dict):
        if reward.get("answer") and answer is None:
            return None
        ans = result.get("answer") or {}
        vals = {k: _num(sc.get(k)) for k in SCORE_KEYS}
        vals["answer"] = answer
        vals["format"] = 1.0 if ans.get("value") is not None else 0.0
        vals["confidence"] = None if vals["risk"] is None else 1.0 - vals["risk"]
        vals["process"] = _process(result, reward.get("correction_cost", 0.0))
        parts = [(w, vals[k]) for k, w in reward.items() if k in _WEIGHT_KEYS and vals.get(k) is not None]
        total = sum(w for w, _ in parts)
        return sum(w * v for w, v in parts) / total if total else None
    if reward == "reward":
        return None if answer is None else _num(sc.get("reward"))
    if reward == "answer":
        return answer
    if reward == "answer_process":
        if answer is None:
            return None
        process = _num(sc.get("process"))
        return answer if process is None else (answer + process) / 2
    return _num(sc.get(reward))


def _answer_score(result: Mapping[str, Any]) -> float | None:
    """The answer score, with a missing final answer counted wrong when an answer was expected."""
    answer = _num((result.get("scores") or {}).get("answer"))
    if answer is None:
        chk = result.get("answer") or {}
        if chk.get("expected") is not None and chk.get("value") is None:
            return 0.0
    return answer


def _cost(reward: Any) -> float:
    return float(reward.get("correction_cost", 0.0)) if isinstance(reward, Mapping) else 0.0


def _process(result: Mapping[str, Any], correction_cost: float = 0.0) -> float | None:
    """The process score, with each corrected step costing ``correction_cost``."""
    process = _num((result.get("scores") or {}).get("process"))
    if correction_cost and any(s.get("verdict") == "corrected" for s in result.get("steps") or ()):
        return min(1.0 if process is None else process, 1.0 - correction_cost)
    return process


def step_scores(result: Mapping[str, Any], correction_cost: float = 0.0) -> list[float]:
    """Per-step process rewards of one result, in step order (1 correct, 0.5 unverifiable, 0 incorrect;
    steps without a claim count 1; a corrected step 1 − ``correction_cost``)."""
    return [
        1.0 - correction_cost if s.get("verdict") == "corrected" else float(s.get("score") if s.get("score") is not None else 1.0)
        for s in result.get("steps") or ()
    ]


def _details(result: Mapping[str, Any], reward: Any, none_value: float | None, steps: bool) -> dict[str, Any]:
    r = reward_of(result, reward)
    sc = result.get("scores") or {}
    fill = 0.0 if none_value is None else none_value
    out: dict[str, Any] = {"score": r if r is not None else none_value}
    for k in SCORE_KEYS:
        v = _answer_score(result) if k == "answer" else _num(sc.get(k))
        out[k] = v if v is not None else fill
    out["applicable"] = 0.0 if r is None else 1.0
    out["first_error"] = result.get("first_error") if result.get("first_error") is not None else -1
    out["calculator"] = result.get("calculator") or ""
    out["verify_error"] = (result.get("error") or {}).get("code") or ""
    if steps:
        out["step_scores"] = step_scores(result, _cost(reward))
    return out


# ---------------------------------------------------------------------------------------------
# scorer: in-process (serial or worker processes) or remote
# ---------------------------------------------------------------------------------------------


class _WorkerPool:
    """N ``python -P -m clinverify.clients._reward_worker`` subprocesses, fed chunks of rows."""

    def __init__(self, n: int, max_chars: int | None):
        from clinverify.clients import _reward_worker as proto

        self._proto = proto
        self._max_chars = max_chars
        self._free: queue.Queue = queue.Queue()
        self._procs: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._closed = False
        starters = [self._spawn() for _ in range(n)]
        for p in starters:
            self._await_ready(p)
            self._free.put(p)
        self._threads = ThreadPoolExecutor(max_workers=n, thread_name_prefix="clinverify-reward")
        self.size = n

    def _spawn(self) -> subprocess.Popen:
        p = subprocess.Popen(
            [sys.executable, "-P", "-m", "clinverify.clients._reward_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
            close_fds=True,
        )
        with self._lock:
            self._procs.append(p)
        return p

    def _await_ready(self, p: subprocess.Popen) -> None:
        try:
            msg = self._proto.recv(p.stdout)
        except Exception as exc:
            raise RuntimeError(f"reward worker failed to start: {exc}") from None
        if msg != "ready":
            raise RuntimeError(f"reward worker failed to start: {msg!r}")

    def _run(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        p = self._free.get()
        try:
            self._proto.send(p.stdin, (rows, self._max_chars))
            status, payload = self._proto.recv(p.stdout)
        except BaseException:
            self._kill(p)
            if not self._closed:
                try:
                    fresh = self._spawn()
                    self._await_ready(fresh)
                    self._free.put(fresh)
                except Exception:
                    pass
            raise
        self._free.put(p)
        if status != "ok":
            raise RuntimeError(f"reward worker: {payload}")
        return payload

    def map(self, chunks: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        return list(self._threads.map(self._run, chunks))

    def _kill(self, p: subprocess.Popen) -> None:
        with self._lock:
            if p in self._procs:
                self._procs.remove(p)
        try:
            p.kill()
            p.wait(timeout=5)
        except Exception:
            pass

    def close(self) -> None:
        self._closed = True
        self._threads.shutdown(wait=True)
        with self._lock:
            procs, self._procs = self._procs, []
        for p in procs:
            try:
                p.stdin.close()  # EOF: the worker exits
                p.wait(timeout=5)
            except Exception:
                p.kill()
            finally:
                if p.stdout is not None:
                    p.stdout.close()


def _default_workers() -> int:
    env = os.environ.get("CLINVERIFY_REWARD_WORKERS")
    if env is not None and env.strip():
        return max(0, int(env))
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if n < 2 else min(n, 8)


def _cache_key(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)


class RewardScorer:
    """Verifies rows and turns results into rewards; in-process by default, remote with ``address``.

    In-process: batches of at least ``min_parallel`` rows are split over ``workers`` worker
    processes (default: the usable CPUs, at most 8; ``0`` = verify in this process; env
    ``CLINVERIFY_REWARD_WORKERS``), started on first use or by ``warmup()``. Results are cached
    (``cache_size`` most recent distinct rows; the verifier is deterministic), so repeated
    completions inside a GRPO group cost nothing.

    Remote: ``address`` (``host:port``) or ``client`` (a ``grpc_client.Client``); extra keyword
    arguments (``token``, ``root_certificates``, ``timeout``, ...) go to the Client.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Any = None,
        reward: str | Mapping[str, float] = "reward",
        none_value: float | None = None,
        workers: int | None = None,
        min_parallel: int = 64,
        cache_size: int = 4096,
        max_chars: int | None = None,
        **client_kwargs: Any,
    ):
        self.reward = _check_reward(reward)
        self.none_value = none_value
        self._client = client
        self._own_client = False
        if client is None and address:
            from clinverify.clients.grpc_client import Client

            self._client = Client(address, **client_kwargs)
            self._own_client = True
        elif client_kwargs:
            raise TypeError(f"unexpected arguments without an address: {', '.join(sorted(client_kwargs))}")
        self.workers = _default_workers() if workers is None else max(0, int(workers))
        self.min_parallel = max(1, int(min_parallel))
        self.max_chars = max_chars
        self._pool: _WorkerPool | None = None
        self._pool_failed = False
        self._pool_lock = threading.Lock()
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._cache_size = max(0, int(cache_size))
        self._cache_lock = threading.Lock()

    @property
    def remote(self) -> bool:
        return self._client is not None

    # -- lifecycle -----------------------------------------------------------------------------

    def warmup(self) -> RewardScorer:
        """Start the worker processes now (otherwise on the first large batch)."""
        if not self.remote:
            self._get_pool()
            from clinverify.clients._reward_worker import verify_rows

            verify_rows([{"trace": "MAP = 2/3 * 85 + 1/3 * 140 = 103.33 mm Hg. Answer: 103.33", "calculator": 5}], None)
        return self

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        if self._own_client and self._client is not None:
            self._client.close()

    def __enter__(self) -> RewardScorer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _get_pool(self) -> _WorkerPool | None:
        if self.workers < 2 or self._pool_failed:
            return None
        with self._pool_lock:
            if self._pool is None and not self._pool_failed:
                try:
                    self._pool = _WorkerPool(self.workers, self.max_chars)
                except Exception as exc:  # no subprocesses here: score in this process
                    import warnings

                    warnings.warn(f"clinverify reward workers unavailable ({exc}); scoring in-process", RuntimeWarning, stacklevel=3)
                    self._pool_failed = True
            return self._pool

    # -- verification --------------------------------------------------------------------------

    def verify(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Verify rows -> ``verify`` output objects, in order. In-process results omit each step's
        ``text`` (the trace's own characters, recoverable from ``span``); treat them as read-only."""
        rows = list(rows)
        if not rows:
            return []
        if self.remote:
            return self._client.verify_batch(rows)
        keys = [_cache_key(r) for r in rows] if self._cache_size else [None] * len(rows)
        out: list[dict[str, Any] | None] = [None] * len(rows)
        todo: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, k in enumerate(keys):
                hit = self._cache.get(k) if k is not None else None
                if hit is not None:
                    self._cache.move_to_end(k)
                    out[i] = hit
                else:
                    todo.setdefault(k if k is not None else f"#{i}", []).append(i)
        if todo:
            firsts = [idx[0] for idx in todo.values()]
            results = self._verify_uncached([rows[i] for i in firsts])
            with self._cache_lock:
                for idx, res in zip(todo.values(), results, strict=True):
                    for i in idx:
                        out[i] = res
                    k = keys[idx[0]]
                    if k is not None:
                        self._cache[k] = res
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out  # type: ignore[return-value]

    def _verify_uncached(self, rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        from clinverify.clients._reward_worker import verify_rows

        rows = [dict(r) for r in rows]
        pool = self._get_pool() if len(rows) >= self.min_parallel else None
        if pool is None:
            return verify_rows(rows, self.max_chars)
        n = len(rows)
        parts = min(n, pool.size * 4)
        size = -(-n // parts)
        chunks = [rows[i : i + size] for i in range(0, n, size)]
        try:
            return [r for chunk in pool.map(chunks) for r in chunk]
        except Exception as exc:
            import warnings

            warnings.warn(f"clinverify reward workers failed ({exc}); scoring in-process", RuntimeWarning, stacklevel=3)
            return verify_rows(rows, self.max_chars)

    # -- rewards -------------------------------------------------------------------------------

    def rewards(self, rows: Sequence[Mapping[str, Any]], reward: str | Mapping[str, float] | None = None) -> list[float | None]:
        """One reward per row; ``None`` (or ``none_value`` when set) where not applicable."""
        kind = self.reward if reward is None else _check_reward(reward)
        out = []
        for res in self.verify(rows):
            r = reward_of(res, kind)
            out.append(r if r is not None else self.none_value)
        return out

    def details(self, rows: Sequence[Mapping[str, Any]], *, steps: bool = False, reward: Any = None) -> list[dict[str, Any]]:
        """Per row: ``score`` plus the verifier's scores, ``applicable``, ``first_error`` (-1 when
        none), ``calculator``, ``verify_error`` and, with ``steps=True``, ``step_scores``."""
        kind = self.reward if reward is None else _check_reward(reward)
        return [_details(res, kind, self.none_value, steps) for res in self.verify(rows)]

    def process_rewards(self, rows: Sequence[Mapping[str, Any]]) -> list[list[float]]:
        """Per row, the per-step process rewards in step order."""
        return [step_scores(res, _cost(self.reward)) for res in self.verify(rows)]

    def step_rewards(self, rows: Sequence[Mapping[str, Any]]) -> list[list[dict[str, Any]]]:
        """Per row, each step's ``{"span": [start, end), "score", "verdict", "error"}``: place a
        process reward at the token holding character ``end - 1`` of the response."""
        return [
            [{"span": s.get("span"), "score": sc, "verdict": s.get("verdict"), "error": s.get("error")}
             for s, sc in zip(res.get("steps") or (), step_scores(res, _cost(self.reward)), strict=True)]
            for res in self.verify(rows)
        ]


_SCORERS: dict[tuple, RewardScorer] = {}
_SCORERS_LOCK = threading.Lock()


def get_scorer(address: str | None = None, *, workers: int | None = None, **client_kwargs: Any) -> RewardScorer:
    """A shared scorer for ``address`` (None: in-process; env ``CLINVERIFY_ADDRESS`` names a
    server for every adapter that is given none; ``CLINVERIFY_TOKEN`` its token)."""
    if address is None:
        address = os.environ.get("CLINVERIFY_ADDRESS") or None
        if address and "token" not in client_kwargs and os.environ.get("CLINVERIFY_TOKEN"):
            client_kwargs["token"] = os.environ["CLINVERIFY_TOKEN"]
    key = (address, workers, tuple(sorted((k, repr(v)) for k, v in client_kwargs.items())))
    with _SCORERS_LOCK:
        s = _SCORERS.get(key)
        if s is None:
            s = RewardScorer(address, workers=workers, **client_kwargs)
            _SCORERS[key] = s
        return s


@atexit.register
def _close_scorers() -> None:
    with _SCORERS_LOCK:
        scorers = list(_SCORERS.values())
        _SCORERS.clear()
    for s in scorers:
        try:
            s.close()
        except Exception:
            pass


def _scorer_for(address: str | None, client: Any, workers: int | None, client_kwargs: Mapping[str, Any]) -> RewardScorer:
    if isinstance(client, RewardScorer):
        return client
    if client is not None:
        key = ("client", id(client))
        with _SCORERS_LOCK:
            s = _SCORERS.get(key)
            if s is None:
                s = _SCORERS[key] = RewardScorer(client=client)
            return s
    return get_scorer(address, workers=workers, **client_kwargs)


# ---------------------------------------------------------------------------------------------
# verl
# ---------------------------------------------------------------------------------------------


def compute_score(
    data_source: Any = None,
    solution_str: str = "",
    ground_truth: Any = None,
    extra_info: Mapping[str, Any] | None = None,
    *,
    reward: str | Mapping[str, float] = "reward",
    return_dict: bool = False,
    process: bool = False,
    none_value: float = 0.0,
    address: str | None = None,
    client: Any = None,
    workers: int | None = None,
    **kwargs: Any,
) -> float | dict[str, Any]:
    """verl reward function (``custom_reward_function.name=compute_score``).

    ``ground_truth``: the answer text/number, or a mapping with ``answer``/``lower``/``upper``
    (and optionally ``calculator``, ``entities``, ...). ``extra_info`` may carry
    ``calculator``, ``question``, ``patient_note``, ``entities``, ``lower``, ``upper``.
    Returns a float, or with ``return_dict=True`` a dict with ``score`` and the verifier's
    scores (undefined ones as ``none_value``), ``applicable``, ``first_error`` and, with
    ``process=True``, ``step_scores``. Extra keyword arguments verl passes are ignored.
    """
    client_kwargs = {k: kwargs[k] for k in ("token", "root_certificates", "certificate_chain", "private_key", "timeout") if k in kwargs}
    scorer = _scorer_for(address, client, workers, client_kwargs)
    row = make_row(solution_str, ground_truth, extra_info)
    res = scorer.verify([row])[0]
    d = _details(res, _check_reward(reward), none_value, process)
    if return_dict or process:
        return d
    return float(d["score"])


def compute_score_batch(
    data_sources: Sequence[Any] | None = None,
    solution_strs: Sequence[str] = (),
    ground_truths: Sequence[Any] | None = None,
    extra_infos: Sequence[Mapping[str, Any] | None] | None = None,
    *,
    reward: str | Mapping[str, float] = "reward",
    return_dict: bool = False,
    process: bool = False,
    none_value: float = 0.0,
    address: str | None = None,
    client: Any = None,
    workers: int | None = None,
    **kwargs: Any,
) -> list[float] | list[dict[str, Any]]:
    """verl batch reward function (``reward_model.reward_manager=batch``,
    ``custom_reward_function.name=compute_score_batch``): lists in, one score (or dict) per item."""
    n = len(solution_strs)
    ground_truths = list(ground_truths) if ground_truths is not None else [None] * n
    extra_infos = list(extra_infos) if extra_infos is not None else [None] * n
    if len(ground_truths) != n or len(extra_infos) != n:
        raise ValueError(f"compute_score_batch: {n} solution_strs but {len(ground_truths)} ground_truths and {len(extra_infos)} extra_infos")
    client_kwargs = {k: kwargs[k] for k in ("token", "root_certificates", "certificate_chain", "private_key", "timeout") if k in kwargs}
    scorer = _scorer_for(address, client, workers, client_kwargs)
    rows = [make_row(s, g, e) for s, g, e in zip(solution_strs, ground_truths, extra_infos, strict=True)]
    kind = _check_reward(reward)
    ds = [_details(res, kind, none_value, process) for res in scorer.verify(rows)]
    if return_dict or process:
        return ds
    return [float(d["score"]) for d in ds]


# ---------------------------------------------------------------------------------------------
# TRL
# ---------------------------------------------------------------------------------------------


def _trl_rows(prompts: Sequence[Any] | None, completions: Sequence[Any], columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    n = len(completions)
    cols = {k: v for k, v in columns.items() if k not in _TRL_RESERVED and isinstance(v, (list, tuple)) and len(v) == n}
    rows = []
    for i, completion in enumerate(completions):
        ctx = {k: v[i] for k, v in cols.items()}
        label = {k: ctx[k] for k in ("reference", *_ANSWER_KEYS, *_LOWER_KEYS, *_UPPER_KEYS) if k in ctx and ctx[k] is not None}
        # A reference given as one column (text or JSON with answer/bounds/calculator/...).
        if len(label) == 1 and next(iter(label)) in ("reference", *_ANSWER_KEYS):
            label = next(iter(label.values()))
        prompt = prompt_text(prompts[i]) if prompts is not None and i < len(prompts) else None
        rows.append(make_row(completion_text(completion), label or None, ctx, prompt))
    return rows


def trl_reward(
    reward: str | Mapping[str, float] = "reward",
    *,
    address: str | None = None,
    client: Any = None,
    workers: int | None = None,
    name: str | None = None,
    log_metrics: bool = True,
    **client_kwargs: Any,
) -> Callable[..., list[float | None]]:
    """A TRL reward function: ``fn(prompts, completions, **columns) -> list[float | None]``.

    Completions may be strings or chat messages. The dataset's columns arrive as keyword
    arguments: ``reference`` (or ``answer``/``ground_truth``/``solution``: text, number or a JSON
    object with answer, lower, upper, calculator, ...), ``lower``, ``upper``, ``calculator``,
    ``question``, ``patient_note``, ``entities`` (MedCalc-Bench column names too). ``None``
    where not applicable (TRL then leaves this function out for that sample).

    The returned function also has ``.process_rewards(prompts, completions, **columns)``
    (per-step rewards), ``.details(...)`` and ``.scorer``. With ``log_metrics`` it reports the
    batch means of the verifier's scores through TRL's ``log_metric`` hook.
    """
    kind = _check_reward(reward)
    scorer = _scorer_for(address, client, workers, client_kwargs)
    fname = name or ("clinverify_" + (kind if isinstance(kind, str) else "weighted"))

    def reward_fn(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **columns: Any) -> list[float | None]:
        rows = _trl_rows(prompts, completions, columns)
        results = scorer.verify(rows)
        out = [reward_of(r, kind) for r in results]
        log_metric = columns.get("log_metric")
        if log_metrics and callable(log_metric):
            for k in ("answer", "process", "factuality"):
                vals = [v for v in (_num((r.get("scores") or {}).get(k)) for r in results) if v is not None]
                if vals:
                    log_metric(f"{fname}/{k}", sum(vals) / len(vals))
            log_metric(f"{fname}/applicable", sum(1 for r in out if r is not None) / max(1, len(out)))
        return out

    def process_fn(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **columns: Any) -> list[list[float]]:
        return scorer.process_rewards(_trl_rows(prompts, completions, columns))

    def details_fn(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), steps: bool = True, **columns: Any) -> list[dict[str, Any]]:
        return scorer.details(_trl_rows(prompts, completions, columns), steps=steps, reward=kind)

    reward_fn.__name__ = reward_fn.__qualname__ = fname
    reward_fn.process_rewards = process_fn  # type: ignore[attr-defined]
    reward_fn.details = details_fn  # type: ignore[attr-defined]
    reward_fn.scorer = scorer  # type: ignore[attr-defined]
    return reward_fn


# ---------------------------------------------------------------------------------------------
# generic
# ---------------------------------------------------------------------------------------------


def token_step_rewards(steps: Sequence[Mapping[str, Any]], offsets: Sequence[Sequence[int]], *, fill: float = 0.0) -> list[float]:
    """Per-token process rewards for one response: each step's score on the token holding the
    step's last character, ``fill`` elsewhere (the minimum where two steps end in one token).

    ``steps``: one row of ``RewardScorer.step_rewards`` (``span`` and ``score``; spans are
    characters of the response); ``offsets``: the response tokens' ``(start, end)`` character
    offsets, e.g. ``tokenizer(response, return_offsets_mapping=True)["offset_mapping"]``.
    """
    import bisect

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


def process_rewards(
    solutions: Iterable[Any],
    references: Iterable[Any] | None = None,
    contexts: Iterable[Mapping[str, Any] | None] | None = None,
    *,
    address: str | None = None,
    client: Any = None,
    workers: int | None = None,
) -> list[list[float]]:
    """Per-step process rewards for many responses: ``solutions`` (text or chat messages), with
    optional ``references`` (as verl's ground_truth) and ``contexts`` (as verl's extra_info)."""
    sols = list(solutions)
    refs = list(references) if references is not None else [None] * len(sols)
    ctxs = list(contexts) if contexts is not None else [None] * len(sols)
    scorer = _scorer_for(address, client, workers, {})
    return scorer.process_rewards([make_row(completion_text(s), r, c) for s, r, c in zip(sols, refs, ctxs, strict=True)])
