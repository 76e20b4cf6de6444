"""TRL reward functions: ``trl_reward()`` for ``GRPOTrainer(reward_funcs=[...])``, called as
``fn(prompts, completions, **columns) -> list[float | None]``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from clinverify.clients.rewards.scorer import scorer_for
from clinverify.verifier.rewards import (
    ANSWER_KEYS,
    LOWER_KEYS,
    UPPER_KEYS,
    check_reward,
    completion_text,
    make_row,
    number,
    prompt_text,
    reward_of,
)

__all__ = ["trl_reward"]

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
    kind = check_reward(reward)
    scorer = scorer_for(address, client, workers, client_kwargs)
    fname = name or ("clinverify_" + (kind if isinstance(kind, str) else "weighted"))

    def reward_fn(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **columns: Any) -> list[float | None]:
        rows = _trl_rows(prompts, completions, columns)
        results = scorer.verify(rows)
        out = [reward_of(r, kind) for r in results]
        log_metric = columns.get("log_metric")
        if log_metrics and callable(log_metric):
            for k in ("answer", "process", "factuality"):
                vals = [v for v in (number((r.get("scores") or {}).get(k)) for r in results) if v is not None]
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
