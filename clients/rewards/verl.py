"""verl reward functions: ``compute_score`` (``custom_reward_function.name=compute_score``),
``compute_score_batch`` (``reward_model.reward_manager=batch``) and ``process_rewards``.

    custom_reward_function.path=pkg://clinverify.clients.rewards custom_reward_function.name=compute_score
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clinverify.clients.rewards.scorer import scorer_for
from clinverify.verifier.rewards import check_reward, details, make_row

__all__ = ["compute_score", "compute_score_batch", "process_rewards"]

# The keyword arguments passed on to the gRPC Client; verl passes others too (ignored).
CLIENT_OPTIONS = ("token", "root_certificates", "certificate_chain", "private_key", "timeout")


def _scores(
    rows: list[dict[str, Any]],
    reward: Any,
    return_dict: bool,
    process: bool,
    none_value: float,
    address: str | None,
    client: Any,
    workers: int | None,
    kwargs: Mapping[str, Any],
) -> list[float] | list[dict[str, Any]]:
    scorer = scorer_for(address, client, workers, {k: kwargs[k] for k in CLIENT_OPTIONS if k in kwargs})
    kind = check_reward(reward)
    ds = [details(res, kind, none_value, process) for res in scorer.verify(rows)]
    if return_dict or process:
        return ds
    return [float(d["score"]) for d in ds]


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
    rows = [make_row(solution_str, ground_truth, extra_info)]
    return _scores(rows, reward, return_dict, process, none_value, address, client, workers, kwargs)[0]


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
    rows = [make_row(s, g, e) for s, g, e in zip(solution_strs, ground_truths, extra_infos, strict=True)]
    return _scores(rows, reward, return_dict, process, none_value, address, client, workers, kwargs)


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
    scorer = scorer_for(address, client, workers, {})
    return scorer.process_rewards([make_row(s, r, c) for s, r, c in zip(sols, refs, ctxs, strict=True)])
