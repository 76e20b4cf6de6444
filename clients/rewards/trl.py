"""TRL reward functions: ``trl_reward()`` for ``GRPOTrainer(reward_funcs=[...])``, called as
``fn(prompts, completions, **columns) -> list[float | None]``.

Checked against TRL 1.16.0: ``GRPOTrainer`` calls ``fn(prompts=..., completions=...,
completion_ids=..., **columns, trainer_state=..., log_extra=..., log_metric=...)`` and logs it
under ``getattr(fn, "__name__", type(fn).__name__)``; ``AsyncGRPOTrainer`` pickles reward
functions into a spawned process. Conversational completions are ``[message]`` where the message
comes from the tokenizer's response schema (transformers >= 5): its ``reasoning_content`` (or
``thinking``) holds the model's thinking, verified here as thinking."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from clinverify.clients.rewards.scorer import scorer_for
from clinverify.verifier.rewards import (
    ANSWER_KEYS,
    LOWER_KEYS,
    UPPER_KEYS,
    check_reward,
    make_row,
    number,
    prompt_text,
    reward_of,
)

__all__ = ["TRLReward", "trl_reward"]

# TRL passes these besides the dataset columns.
_TRL_RESERVED = frozenset({"prompts", "completions", "completion_ids", "trainer_state", "log_extra", "log_metric", "environments"})


def _trl_rows(prompts: Sequence[Any] | None, completions: Sequence[Any], columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    n = len(completions)
    cols = {k: v for k, v in columns.items() if k not in _TRL_RESERVED and isinstance(v, (list, tuple)) and len(v) == n}
    rows = []
    for i, completion in enumerate(completions):
        ctx = {k: v[i] for k, v in cols.items()}
        label = {k: ctx[k] for k in ("reference", *ANSWER_KEYS, *LOWER_KEYS, *UPPER_KEYS) if k in ctx and ctx[k] is not None}
        # A reference given as one column (text or JSON with answer/bounds/calculator/...).
        if len(label) == 1 and next(iter(label)) in ("reference", *ANSWER_KEYS):
            label = next(iter(label.values()))
        prompt = prompt_text(prompts[i]) if prompts is not None and i < len(prompts) else None
        rows.append(make_row(completion, label or None, ctx, prompt))
    return rows


class TRLReward:
    """A picklable TRL reward function (``trl_reward()`` makes one): it holds only its
    configuration; the scorer is made on first use in each process and is not pickled."""

    def __init__(self, kind: str | dict[str, float], address: str | None, client: Any, workers: int | None,
                 name: str, log_metrics: bool, client_kwargs: Mapping[str, Any]):
        self.kind = kind
        self.address = address
        self.client = client
        self.workers = workers
        self.__name__ = self.__qualname__ = name
        self.log_metrics = log_metrics
        self.client_kwargs = dict(client_kwargs)
        self._scorer: Any = None

    @property
    def scorer(self) -> Any:
        if self._scorer is None:
            self._scorer = scorer_for(self.address, self.client, self.workers, dict(self.client_kwargs))
        return self._scorer

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_scorer"] = None
        return state

    def __repr__(self) -> str:
        return f"<clinverify TRL reward {self.__name__}>"

    def __call__(self, prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **columns: Any) -> list[float | None]:
        rows = _trl_rows(prompts, completions, columns)
        results = self.scorer.verify(rows)
        out = [reward_of(r, self.kind) for r in results]
        log_metric = columns.get("log_metric")
        if self.log_metrics and callable(log_metric):
            for k in ("answer", "process", "factuality"):
                vals = [v for v in (number((r.get("scores") or {}).get(k)) for r in results) if v is not None]
                if vals:
                    log_metric(f"{self.__name__}/{k}", sum(vals) / len(vals))
            log_metric(f"{self.__name__}/applicable", sum(1 for r in out if r is not None) / max(1, len(out)))
        return out

    def process_rewards(self, prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **columns: Any) -> list[list[float]]:
        """Per-step process rewards of each completion."""
        return self.scorer.process_rewards(_trl_rows(prompts, completions, columns))

    def details(self, prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), steps: bool = True, **columns: Any) -> list[dict[str, Any]]:
        """The reward and the verifier's scores of each completion (``clinverify.verifier.rewards.details``)."""
        return self.scorer.details(_trl_rows(prompts, completions, columns), steps=steps, reward=self.kind)


def _default_name(kind: str | dict[str, float]) -> str:
    if isinstance(kind, str):
        return "clinverify_" + kind
    weights = json.dumps(sorted(kind.items()), separators=(",", ":"))
    return "clinverify_weighted_" + hashlib.sha1(weights.encode()).hexdigest()[:8]


def trl_reward(
    reward: str | Mapping[str, float] = "reward",
    *,
    address: str | None = None,
    client: Any = None,
    workers: int | None = None,
    name: str | None = None,
    log_metrics: bool = True,
    **client_kwargs: Any,
) -> TRLReward:
    """A TRL reward function: ``fn(prompts, completions, **columns) -> list[float | None]``.

    Completions may be strings or chat messages; a message's ``reasoning_content`` (or
    ``thinking``, ``reasoning``), as transformers' response schemas split out the thinking, is
    verified as the trace's thinking. The dataset's columns arrive as keyword arguments:
    ``reference`` (or ``answer``/``ground_truth``/``solution``: text, number or a JSON object with
    answer, lower, upper, calculator, ...), ``lower``, ``upper``, ``calculator``, ``question``,
    ``patient_note``, ``entities`` (MedCalc-Bench column names too). ``None`` where not
    applicable (TRL then leaves this function out for that sample).

    The function is a picklable object (for ``AsyncGRPOTrainer``, which pickles reward functions;
    a ``client`` given is pickled with it, so pass ``address`` there) whose ``__name__`` — TRL's
    metric name — is ``name`` or ``clinverify_<reward>`` (``clinverify_weighted_<hash of the
    weights>`` for a weight mapping). It also has ``.process_rewards(prompts, completions,
    **columns)`` (per-step rewards), ``.details(...)`` and ``.scorer``. With ``log_metrics`` it
    reports the batch means of the verifier's scores through TRL's ``log_metric`` hook.
    """
    kind = check_reward(reward)
    if client is None and not address and client_kwargs and not os.environ.get("CLINVERIFY_ADDRESS"):
        raise TypeError(f"unexpected arguments without an address: {', '.join(sorted(client_kwargs))}")
    return TRLReward(kind, address, client, workers, name or _default_name(kind), log_metrics, client_kwargs)
