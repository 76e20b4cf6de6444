"""The verl reward functions against verl 0.9.1's own reward loop.

What verl 0.9.1 does (its wheel, ``verl/``):

- ``trainer/config/reward/reward.yaml`` lines 8-23: ``reward.custom_reward_function.{path,name}``
  and ``reward.reward_manager.name`` (default ``naive``); ``trainer/ppo/reward.py`` lines 70-86
  (``get_custom_reward_fn``): loads ``path``/``name`` with ``load_extern_object`` (``pkg://``
  imports a module) and wraps it in a ``functools.partial`` adding ``reward_kwargs``, async when
  the function is a coroutine function;
- ``experimental/reward_loop/reward_manager/registry.py`` line 52: "Unknown reward manager" for a
  name not registered; the managers register naive, dapo, gdpo, rate_limited, remote;
- ``experimental/reward_loop/reward_manager/naive.py`` lines 34-99 (``run_single``): one sample,
  keywords ``data_source``, ``solution_str`` (decoded without special tokens), ``ground_truth``,
  ``extra_info`` (with ``num_turns`` and ``rollout_reward_scores`` added), awaited when async,
  else run in the loop's thread pool; a dict answer needs ``score`` and all its keys become
  ``reward_extra_info``;
- ``experimental/reward_loop/reward_loop.py`` lines 141-145 (one task per sample, gathered) and
  365-369 (``compute_rm_score``): each key of the first sample's ``reward_extra_info`` is stacked
  over the batch with ``np.array``.

The tests load verl's own ``get_custom_reward_fn``, ``load_extern_object`` and the naive, dapo and
gdpo managers from the wheel (``pip download verl==0.9.1 --no-deps``, or ``CLINVERIFY_VERL_WHEEL``;
skipped when it cannot be fetched), with small stand-ins for what needs torch (``DataProto``, the
managers' base class) and the stacking step re-done as ``compute_rm_score`` does it.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import pickle
import re
import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinverify.clients.rewards import RewardScorer, compute_score, compute_score_async

np = pytest.importorskip("numpy")

VERL_VERSION = "0.9.1"
REPO = Path(__file__).resolve().parents[2]
MANAGERS = ("naive", "dapo", "gdpo")

CG_RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\n"
    "Answer: 70.71"
)
CG_SLIP = CG_RIGHT.replace("70.71", "80.71")
MAP_RIGHT = "The blood pressure is 140/85 mm Hg.\nMAP = 2/3 * 85 + 1/3 * 140 = 103.33 mm Hg.\nAnswer: 103.33"
# (response, ground_truth, extra_info): different numbers of steps, one sample not applicable
SAMPLES = [
    (CG_RIGHT, "70.71", {"calculator": 2}),
    (CG_SLIP, "70.71", {"calculator": 2}),
    (MAP_RIGHT, "103.33", {"calculator": 5}),
    ("I do not know.", None, {}),
]
EXPECTED = [1.0, 0.0, 1.0, 0.0]


# -- verl's own modules, from its wheel -------------------------------------------------------------


@pytest.fixture(scope="module")
def verl_root(tmp_path_factory) -> Path:
    wheel = os.environ.get("CLINVERIFY_VERL_WHEEL")
    d = tmp_path_factory.mktemp("verl")
    if not wheel:
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", f"verl=={VERL_VERSION}", "--no-deps", "-d", str(d), "-q"],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            pytest.skip(f"cannot fetch the verl {VERL_VERSION} wheel: {e}")
        wheels = sorted(d.glob("verl-*.whl"))
        if proc.returncode or not wheels:
            pytest.skip(f"cannot fetch the verl {VERL_VERSION} wheel (pip download failed): {proc.stderr.strip()[-300:]}")
        wheel = str(wheels[0])
    with zipfile.ZipFile(wheel) as z:
        z.extractall(d / "src", [n for n in z.namelist() if n.startswith("verl/") and n.endswith((".py", ".yaml"))])
    return d / "src"


class _RewardManagerBase:
    """Stand-in for ``reward_manager/base.py``'s ``RewardManagerBase.__init__`` (which imports
    torch): the same attributes, the event loop from ``get_event_loop()`` (here the running one)."""

    def __init__(self, config, tokenizer, compute_score):
        self.config = config
        self.tokenizer = tokenizer
        self.compute_score = compute_score
        self.loop = asyncio.get_event_loop()


def _not_used(*args, **kwargs):
    raise AssertionError("verl's default reward function was called: the custom one was not loaded")


@pytest.fixture(scope="module")
def verl(verl_root) -> Iterator[types.SimpleNamespace]:
    """verl's ``trainer/ppo/reward.py``, ``utils/import_utils.py``, the registry and the naive,
    dapo and gdpo managers, imported from the wheel with stand-ins for their torch imports."""
    rm = "verl.experimental.reward_loop.reward_manager"
    packages = ("verl", "verl.utils", "verl.trainer", "verl.trainer.ppo", "verl.experimental", "verl.experimental.reward_loop", rm)
    stubs = {
        "verl.utils.reward_score": {"default_compute_score": _not_used, "get_default_compute_score": lambda name: _not_used},
        f"{rm}.base": {"RewardManagerBase": _RewardManagerBase},
    }
    real = ("verl.utils.import_utils", "verl.trainer.ppo.reward", f"{rm}.registry", *(f"{rm}.{m}" for m in MANAGERS))
    saved = {n: sys.modules.pop(n, None) for n in (*packages, *stubs, *real)}
    try:
        for name in packages:
            pkg = types.ModuleType(name)
            pkg.__path__ = [str(verl_root / name.replace(".", "/"))]
            sys.modules[name] = pkg
        sys.modules["verl"].DataProto = object  # only a type annotation in the modules used
        for name, attrs in stubs.items():
            mod = types.ModuleType(name)
            mod.__dict__.update(attrs)
            sys.modules[name] = mod
        registry = importlib.import_module(f"{rm}.registry")
        sys.modules[rm].register = registry.register
        managers = {m: importlib.import_module(f"{rm}.{m}") for m in MANAGERS}
        yield types.SimpleNamespace(
            reward=importlib.import_module("verl.trainer.ppo.reward"),
            registry=registry,
            managers=managers,
            root=verl_root / "verl",
        )
    finally:
        for n in saved:
            sys.modules.pop(n, None)
            if saved[n] is not None:
                sys.modules[n] = saved[n]


class Cfg(dict):
    """An OmegaConf-like mapping: attribute access and ``get``."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _config(name: str, **reward_kwargs) -> Cfg:
    # the keys verl 0.9.1 reads (reward.yaml; get_custom_reward_fn; dapo's reward_kwargs; gdpo's
    # trainer.experiment_name)
    return Cfg(
        reward=Cfg(
            custom_reward_function=Cfg(path="pkg://clinverify.clients.rewards", name=name, reward_kwargs=Cfg(reward_kwargs)),
            reward_manager=Cfg(source="register", name="naive"),
        ),
        trainer=Cfg(experiment_name="clinverify-test"),
    )


class CharTokenizer:
    def decode(self, ids, skip_special_tokens: bool = True) -> str:
        return "".join(chr(int(i)) for i in ids if int(i) != 0)


def _item(response: str, ground_truth, extra_info: dict, pad: int = 8) -> types.SimpleNamespace:
    """One sample as ``run_single`` reads it: responses padded with 0, the attention mask over
    prompt + response, the non-tensor columns of verl's RL dataset."""
    ids = [ord(c) for c in response]
    prompt = [ord(c) for c in "Q? "]
    batch = {
        "prompts": np.array(prompt),
        "responses": np.array(ids + [0] * pad),
        "attention_mask": np.array([1] * (len(prompt) + len(ids)) + [0] * pad),
    }
    non_tensor = {"data_source": "medcalc", "reward_model": {"ground_truth": ground_truth}, "extra_info": dict(extra_info)}
    return types.SimpleNamespace(batch=batch, non_tensor_batch=non_tensor)


def _stack(outputs: list[dict]) -> dict:
    """``reward_loop.py`` lines 361-369: scores, then each extra key stacked with ``np.array``."""
    scores = [float(o["reward_score"]) for o in outputs]
    infos = [o.get("reward_extra_info", {}) for o in outputs]
    stacked = {key: np.array([info[key] for info in infos]) for key in list(infos[0].keys())}
    return {"scores": scores, **stacked}


def _run_loop(verl, manager: str, fn_name: str, **reward_kwargs) -> list[dict]:
    config = _config(fn_name, **reward_kwargs)
    fn = verl.reward.get_custom_reward_fn(config)
    cls = verl.registry.get_reward_manager_cls(manager)

    async def main():
        mgr = cls(config, CharTokenizer(), fn)
        assert mgr.is_async_reward_score == (fn_name == "compute_score_async")
        # RewardLoopWorker.compute_score_batch: one task per sample, gathered
        return await asyncio.gather(*(mgr.run_single([_item(*s)]) for s in SAMPLES))

    return asyncio.run(main())


@pytest.mark.parametrize("manager", MANAGERS)
@pytest.mark.parametrize("fn_name", ["compute_score", "compute_score_async"])
def test_reward_loop_scores(verl, manager, fn_name):
    out = _stack(_run_loop(verl, manager, fn_name, workers=0))
    assert out["scores"] == EXPECTED
    assert list(out["acc"]) == EXPECTED  # a float answer is logged as "acc"


@pytest.mark.parametrize("manager", MANAGERS)
@pytest.mark.parametrize("fn_name", ["compute_score", "compute_score_async"])
def test_reward_loop_stacks_process_details(verl, manager, fn_name):
    # process=True: per-step scores of different lengths must still stack (verl 0.9.1 fails on
    # lists with "inhomogeneous shape").
    out = _stack(_run_loop(verl, manager, fn_name, workers=0, return_dict=True, process=True))
    assert out["scores"] == EXPECTED
    n = len(SAMPLES)
    for key, arr in out.items():
        if key != "scores":
            assert arr.shape == (n,), (key, arr.shape)
    assert [int(x) for x in out["first_error"]] == [-1, 2, -1, -1]
    steps = [json.loads(s) for s in out["step_scores"]]
    assert [len(s) for s in steps] == [int(x) for x in out["n_steps"]]
    assert len({len(s) for s in steps}) > 1 and min(steps[1]) == 0.0 and min(steps[0]) == 1.0
    assert list(out["applicable"]) == [1.0, 1.0, 1.0, 0.0]


def test_lists_of_steps_would_not_stack():
    # what the previous answer (lists) did in compute_rm_score
    with pytest.raises(ValueError, match="inhomogeneous"):
        np.array([[1.0, 1.0, 0.0], [1.0], []])


def test_loader_reads_reward_keys_and_reward_kwargs(verl):
    fn = verl.reward.get_custom_reward_fn(_config("compute_score", workers=0, reward="process"))
    # verl passes the four keywords (naive.py:77-83); reward_kwargs win over call-time keywords
    assert fn(data_source="medcalc", solution_str=CG_SLIP, ground_truth="70.71", extra_info={"calculator": 2}) == 0.0
    assert fn.args[0] is compute_score  # pkg://clinverify.clients.rewards, name compute_score
    afn = verl.reward.get_custom_reward_fn(_config("compute_score_async", workers=0))
    assert inspect.iscoroutinefunction(afn)
    # the remote manager ships the sync function to Ray workers: it must pickle
    assert pickle.loads(pickle.dumps(fn))(data_source="m", solution_str=CG_RIGHT, ground_truth="70.71", extra_info={"calculator": 2}) == 1.0
    # no path: None (verl then uses its default, rule-based scorer)
    assert verl.reward.get_custom_reward_fn(Cfg(reward=Cfg(custom_reward_function=Cfg(path=None, name="compute_score")))) is None


def test_registry_names_and_our_docs(verl):
    names = set()
    for f in (verl.root / "experimental/reward_loop/reward_manager").glob("*.py"):
        names |= set(re.findall(r'^@register(?:_manager)?\("(\w+)"\)', f.read_text(), re.M))
    assert names == {"naive", "dapo", "gdpo", "rate_limited", "remote"}
    with pytest.raises(ValueError, match="Unknown reward manager: batch"):
        verl.registry.get_reward_manager_cls("batch")
    remote = (verl.root / "experimental/reward_loop/reward_manager/remote.py").read_text()
    assert "assert not self.is_async_reward_score" in remote  # remote: plain functions only
    yaml = pytest.importorskip("yaml")
    reward_yaml = yaml.safe_load((verl.root / "trainer/config/reward/reward.yaml").read_text())  # the "reward" group
    assert reward_yaml["custom_reward_function"] == {"path": None, "name": "compute_score"}
    assert reward_yaml["reward_manager"]["source"] == "register" and reward_yaml["reward_manager"]["name"] == "naive"
    # our docs: the current keys, registered manager names only
    for doc in ("docs/clients.md", "clients/rewards/verl.py", "clients/rewards/__init__.py", "docs/adding-a-reward-adapter.md"):
        text = (REPO / doc).read_text()
        assert not re.search(r"(?<![\w.])custom_reward_function\.(path|name)=", text), f"{doc}: top-level custom_reward_function"
        assert not re.search(r"reward_model\.reward_manager=", text), f"{doc}: reward_model.reward_manager"
        for used in re.findall(r"reward\.reward_manager\.name=(\w+)", text):
            assert used in names, (doc, used)
    clients_md = (REPO / "docs/clients.md").read_text()
    assert "reward.custom_reward_function.path=pkg://clinverify.clients.rewards" in clients_md
    assert f"verl {VERL_VERSION}" in clients_md


# -- without the wheel: the calling convention and the batching of compute_score_async ----------------


class CountingScorer(RewardScorer):
    def __init__(self):
        super().__init__(workers=0)
        self.calls: list[int] = []

    def verify(self, rows):
        self.calls.append(len(rows))
        return super().verify(rows)


def test_async_calls_of_one_loop_share_a_batch():
    scorer = CountingScorer()

    async def main():
        calls = [
            compute_score_async(data_source="medcalc", solution_str=s, ground_truth=g, extra_info=dict(e), client=scorer, num_turns=None)
            for s, g, e in SAMPLES * 4
        ]
        return await asyncio.gather(*calls)

    try:
        assert asyncio.run(main()) == EXPECTED * 4
        assert scorer.calls == [len(SAMPLES) * 4]
        # the same answers as the sync function, dicts included
        sync = [compute_score("m", s, g, dict(e), client=scorer, return_dict=True, process=True) for s, g, e in SAMPLES]

        async def dicts():
            return await asyncio.gather(*(compute_score_async("m", s, g, dict(e), client=scorer, return_dict=True, process=True) for s, g, e in SAMPLES))

        assert asyncio.run(dicts()) == sync
    finally:
        scorer.close()


def test_async_errors_reach_every_caller():
    class Broken(RewardScorer):
        def verify(self, rows):
            raise RuntimeError("verifier down")

    scorer = Broken(workers=0)

    async def main():
        return await asyncio.gather(*(compute_score_async("m", CG_RIGHT, "70.71", {"calculator": 2}, client=scorer) for _ in range(3)), return_exceptions=True)

    try:
        out = asyncio.run(main())
        assert all(isinstance(e, RuntimeError) and "verifier down" in str(e) for e in out)
        with pytest.raises(ValueError):
            asyncio.run(compute_score_async("m", CG_RIGHT, "70.71", None, client=scorer, reward="nonsense"))
    finally:
        scorer.close()
