"""Reward functions for RL on clinical-calculation tasks: verl, TRL and OpenRLHF adapters.

Scoring runs in-process by default (the deterministic verifier, about a millisecond a trace,
spread over worker processes for large batches) or against a clinverify server when given an
``address`` (or a ``Client``). Every adapter can also give per-step process rewards.

    # verl 0.9.1: reward.custom_reward_function.path=pkg://clinverify.clients.rewards,
    #   reward.custom_reward_function.name=compute_score (or compute_score_async)
    from clinverify.clients.rewards import compute_score
    compute_score("medcalc", "... = 32.35 mL/min. Answer: 32.35", "32.35", {"calculator": 2})

    # TRL: GRPOTrainer(reward_funcs=[trl_reward()], ...)
    from clinverify.clients.rewards import trl_reward

    # OpenRLHF (Python reward-function mode): reward_func(queries, prompts, labels)
    from clinverify.clients.rewards import reward_func

Which reward (``reward=``: ``"reward"``, ``"answer"``, ``"process"``, ``"factuality"``,
``"completeness"``, ``"answer_process"``, ``"confidence"`` or a mapping of weights, optionally
with ``"correction_cost"``) and which references are accepted: ``clinverify.verifier.rewards``
and docs/clients.md. Where a reward is not applicable TRL receives ``None`` (it then ignores the
function for that sample); verl and OpenRLHF get ``none_value`` (default 0.0).

Modules: ``verl`` (compute_score, compute_score_async, compute_score_batch, process_rewards), ``trl`` (trl_reward),
``openrlhf`` (reward_func), ``scorer`` (RewardScorer, get_scorer). The reward arithmetic lives in
``clinverify.verifier.rewards``, the scorer core and the OpenRLHF HTTP server in
``clinverify.services.reward_scoring`` and ``clinverify.services.reward_http``.

Source folder ``clients/rewards/`` is installed as ``clinverify.clients.rewards`` (``package-dir`` in
pyproject.toml maps each top-level folder into the ``clinverify.*`` namespace; layers: calculators <-
verifier <- services <- clients).
"""

from clinverify.clients.rewards.openrlhf import reward_func  # noqa: F401  (importable here, outside __all__)
from clinverify.clients.rewards.scorer import RewardScorer, get_scorer
from clinverify.clients.rewards.trl import trl_reward
from clinverify.clients.rewards.verl import compute_score, compute_score_async, compute_score_batch, process_rewards
from clinverify.verifier.rewards import (  # noqa: F401  (completion_text, make_row, prompt_text, step_scores: importable as before)
    REWARDS,
    completion_text,
    make_row,
    prompt_text,
    reward_of,
    row_from_label,
    step_scores,
    token_step_rewards,
)

__all__ = [
    "REWARDS",
    "RewardScorer",
    "compute_score",
    "compute_score_async",
    "compute_score_batch",
    "get_scorer",
    "process_rewards",
    "reward_of",
    "row_from_label",
    "token_step_rewards",
    "trl_reward",
]
