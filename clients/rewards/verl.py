"""verl reward functions, checked against verl 0.9.1's reward loop.

    reward.custom_reward_function.path=pkg://clinverify.clients.rewards
    reward.custom_reward_function.name=compute_score          # or compute_score_async
    +reward.custom_reward_function.reward_kwargs.return_dict=true

verl 0.9.1's ``main_ppo`` reads ``reward.custom_reward_function.*`` and
``reward.reward_manager.name`` (the registry in ``verl/experimental/reward_loop/reward_manager``:
naive, dapo, gdpo, rate_limited, remote); the top-level ``custom_reward_function.*`` and
``reward_model.reward_manager`` keys of older releases are only migrated by its fully-async entry
point. Each manager calls the function once per sample with keywords ``data_source``,
``solution_str``, ``ground_truth``, ``extra_info`` (plus ``reward_router_address`` and
``reward_model_tokenizer`` with a reward model) and the ``reward_kwargs``; a coroutine function
is awaited in the manager's event loop (naive, dapo, gdpo, rate_limited; ``remote`` takes only a
plain function, which it runs in separate Ray worker processes). A dict answer must hold
``score``; every key of it is stacked over the batch with ``np.array``, so each must be a scalar
or a string, with the same keys for every sample.

- ``compute_score``: one sample, verified in the calling thread (verl runs it in a thread pool).
- ``compute_score_async``: the same answer as a coroutine; the calls of one event loop that
  arrive within ``BATCH_WINDOW_S`` are verified as one batch, so a large batch is spread over the
  scorer's worker processes.
- ``compute_score_batch``: lists in, one score per item, for the legacy ``BatchRewardManager``
  (``verl.workers.reward_manager``), which verl 0.9.1's ``main_ppo`` no longer reaches.
- ``process_rewards``: per-step rewards as lists, for use outside verl's reward managers.

With ``process=True`` the dict carries the per-step scores as one JSON string (``step_scores``,
e.g. ``"[1.0, 1.0, 0.0]"``) and their number (``n_steps``): responses have different numbers of
steps, and verl cannot stack lists of different lengths.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clinverify.clients.rewards.scorer import scorer_for
from clinverify.services.reward_scoring import Scorer
from clinverify.verifier.rewards import check_reward, details, make_row

__all__ = ["BATCH_WINDOW_S", "compute_score", "compute_score_async", "compute_score_batch", "process_rewards"]

# The keyword arguments passed on to the gRPC Client; verl passes others too (ignored).
CLIENT_OPTIONS = ("token", "root_certificates", "certificate_chain", "private_key", "timeout")
# compute_score_async: calls of one event loop arriving within this many seconds share a batch.
BATCH_WINDOW_S = 0.005


def _scorer(address: str | None, client: Any, workers: int | None, kwargs: Mapping[str, Any]) -> Scorer:
    return scorer_for(address, client, workers, {k: kwargs[k] for k in CLIENT_OPTIONS if k in kwargs})


def _answer(result: Mapping[str, Any], kind: Any, return_dict: bool, process: bool, none_value: float) -> float | dict[str, Any]:
    """One verify result -> what verl gets: a float, or a dict of scalars and strings."""
    d = details(result, kind, none_value, process)
    if not (return_dict or process):
        return float(d["score"])
    if process:
        steps = d["step_scores"]
        d["step_scores"] = json.dumps(steps)
        d["n_steps"] = len(steps)
    return d


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
    """verl reward function (``reward.custom_reward_function.name=compute_score``).

    ``ground_truth``: the answer text/number, or a mapping with ``answer``/``lower``/``upper``
    (and optionally ``calculator``, ``entities``, ...). ``extra_info`` may carry
    ``calculator``, ``question``, ``patient_note``, ``entities``, ``lower``, ``upper``.
    Returns a float, or with ``return_dict=True`` a dict with ``score`` and the verifier's
    scores (undefined ones as ``none_value``), ``applicable``, ``first_error``, ``calculator``,
    ``verify_error`` and, with ``process=True``, ``step_scores`` (a JSON list) and ``n_steps``.
    Extra keyword arguments verl passes are ignored.
    """
    kind = check_reward(reward)
    result = _scorer(address, client, workers, kwargs).verify([make_row(solution_str, ground_truth, extra_info)])[0]
    return _answer(result, kind, return_dict, process, none_value)


_PENDING: dict[tuple[int, int], list[tuple[dict[str, Any], asyncio.Future]]] = {}
_FLUSHES: set[asyncio.Task] = set()  # strong references until each flush is done


async def _flush(key: tuple[int, int], scorer: Scorer) -> None:
    await asyncio.sleep(BATCH_WINDOW_S)
    batch = _PENDING.pop(key)
    try:
        results = await asyncio.get_running_loop().run_in_executor(None, scorer.verify, [row for row, _ in batch])
    except Exception as exc:
        for _, fut in batch:
            if not fut.done():
                fut.set_exception(exc)
        return
    for (_, fut), res in zip(batch, results, strict=True):
        if not fut.done():
            fut.set_result(res)


async def _verify_soon(scorer: Scorer, row: dict[str, Any]) -> Mapping[str, Any]:
    loop = asyncio.get_running_loop()
    key = (id(loop), id(scorer))
    fut = loop.create_future()
    batch = _PENDING.get(key)
    if batch is None:
        _PENDING[key] = batch = []
        task = loop.create_task(_flush(key, scorer))
        _FLUSHES.add(task)
        task.add_done_callback(_FLUSHES.discard)
    batch.append((row, fut))
    return await fut


async def compute_score_async(
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
    """``compute_score`` as a coroutine (``reward.custom_reward_function.name=compute_score_async``):
    verl awaits it in the reward manager's event loop, and the samples it scores concurrently are
    verified together (one ``verify`` call per ``BATCH_WINDOW_S``, off the event loop)."""
    kind = check_reward(reward)
    scorer = _scorer(address, client, workers, kwargs)
    result = await _verify_soon(scorer, make_row(solution_str, ground_truth, extra_info))
    return _answer(result, kind, return_dict, process, none_value)


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
    """Lists in, one score (or dict) per item: for the legacy ``BatchRewardManager`` of
    ``verl.workers.reward_manager`` (not reached by verl 0.9.1's ``main_ppo``; there use
    ``compute_score_async``, which batches too)."""
    n = len(solution_strs)
    ground_truths = list(ground_truths) if ground_truths is not None else [None] * n
    extra_infos = list(extra_infos) if extra_infos is not None else [None] * n
    if len(ground_truths) != n or len(extra_infos) != n:
        raise ValueError(f"compute_score_batch: {n} solution_strs but {len(ground_truths)} ground_truths and {len(extra_infos)} extra_infos")
    kind = check_reward(reward)
    rows = [make_row(s, g, e) for s, g, e in zip(solution_strs, ground_truths, extra_infos, strict=True)]
    results = _scorer(address, client, workers, kwargs).verify(rows)
    return [_answer(res, kind, return_dict, process, none_value) for res in results]  # type: ignore[return-value]


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
