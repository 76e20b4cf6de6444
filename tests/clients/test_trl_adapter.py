"""The TRL adapter against TRL 1.16.0's conventions: picklable reward functions (AsyncGRPOTrainer
pickles them), distinct metric names (``__name__``), and completions whose thinking a tokenizer's
response schema split out into ``reasoning_content`` (transformers >= 5) verified as thinking."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clinverify.clients.rewards import RewardScorer, completion_text, make_row, trl_reward
from clinverify.clients.rewards.trl import _TRL_RESERVED
from clinverify.verifier.rewards import completion_reasoning

TRL_VERSION = "1.16.0"
QUESTION = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?"
THINK_RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min."
)
THINK_WRONG = THINK_RIGHT.replace("70.71", "80.71")
CONTENT = "The creatinine clearance is 70.71 mL/min.\nAnswer: 70.71"


@pytest.fixture(scope="module")
def serial():
    s = RewardScorer(workers=0)
    yield s
    s.close()


def _msg(thinking: str, key: str = "reasoning_content") -> dict[str, str]:
    return {"role": "assistant", "content": CONTENT, key: thinking}


# -- thinking split out of the content --------------------------------------------------------------


def test_wrong_step_inside_reasoning_content_lowers_process_reward(serial):
    fn = trl_reward("process", client=serial)
    comps = [[_msg(THINK_RIGHT)], [_msg(THINK_WRONG)]]
    right, wrong = fn(prompts=[QUESTION] * 2, completions=comps, reference=["70.71"] * 2)
    assert right == 1.0 and wrong is not None and wrong < right
    steps = fn.process_rewards(prompts=[QUESTION] * 2, completions=comps, reference=["70.71"] * 2)
    assert min(steps[0]) == 1.0 and min(steps[1]) == 0.0
    # the final answer (in the content) is still right
    assert trl_reward("answer", client=serial)(prompts=[QUESTION], completions=[[_msg(THINK_WRONG)]], reference=["70.71"]) == [1.0]


@pytest.mark.parametrize("key", ["reasoning_content", "thinking", "reasoning"])
def test_thinking_field_names_and_single_message(serial, key):
    fn = trl_reward("process", client=serial)
    out = fn(prompts=[QUESTION] * 3, completions=[[_msg(THINK_WRONG, key)], _msg(THINK_WRONG, key), [_msg(THINK_RIGHT, key)]], reference=["70.71"] * 3)
    assert out == [0.0, 0.0, 1.0]


def test_rows_carry_reasoning_content_and_text_is_unchanged():
    row = make_row([{"role": "assistant", "content": CONTENT, "reasoning_content": THINK_WRONG}], "70.71")
    assert row["trace"] == CONTENT and row["reasoning_content"] == THINK_WRONG
    # plain text and messages without thinking: no reasoning_content, the same rows as before
    assert "reasoning_content" not in make_row(CONTENT, "70.71")
    assert make_row([{"role": "assistant", "content": CONTENT}], "70.71") == make_row(CONTENT, "70.71")
    assert completion_reasoning(CONTENT) is None and completion_reasoning([{"role": "assistant", "content": CONTENT, "reasoning_content": ""}]) is None
    # tool turns: only the assistant messages' thinking
    msgs = [
        {"role": "assistant", "content": "", "reasoning_content": "first"},
        {"role": "tool", "content": "42", "reasoning_content": "not mine"},
        {"role": "assistant", "content": CONTENT, "thinking": "second"},
    ]
    assert completion_reasoning(msgs) == "first\nsecond" and completion_text(msgs) == "\n" + CONTENT


# -- pickling and names -------------------------------------------------------------------------------


def test_pickle_round_trip_then_call():
    fn = trl_reward("process", workers=0)
    fn(prompts=[QUESTION], completions=[[_msg(THINK_RIGHT)]], reference=["70.71"])  # scorer made
    clone = pickle.loads(pickle.dumps(fn))
    assert clone.__name__ == fn.__name__ == "clinverify_process"
    assert clone._scorer is None  # not pickled: made again in the new process
    comps = [[_msg(THINK_RIGHT)], [_msg(THINK_WRONG)]]
    assert clone(prompts=[QUESTION] * 2, completions=comps, reference=["70.71"] * 2) == [1.0, 0.0]
    weighted = pickle.loads(pickle.dumps(trl_reward({"answer": 1.0, "process": 0.5}, workers=0)))
    assert weighted(prompts=[QUESTION], completions=[CONTENT], reference=["70.71"]) == [1.0]


def test_distinct_metric_names():
    names = [
        trl_reward().__name__,
        trl_reward("answer").__name__,
        trl_reward("process").__name__,
        trl_reward({"answer": 1.0, "process": 0.5}).__name__,
        trl_reward({"answer": 1.0, "process": 0.25}).__name__,
        trl_reward({"answer": 1.0, "process": 0.5, "correction_cost": 0.5}).__name__,
    ]
    assert names[:3] == ["clinverify_reward", "clinverify_answer", "clinverify_process"]
    assert len(set(names)) == len(names)
    assert all(n.startswith("clinverify_weighted_") for n in names[3:])
    # the same configuration, the same name (stable across processes: a hash of the weights)
    assert trl_reward({"process": 0.5, "answer": 1}).__name__ == names[3]
    assert trl_reward("answer", name="mine").__name__ == "mine"


def test_metrics_under_the_functions_name(serial):
    logged: dict[str, float] = {}
    fn = trl_reward({"answer": 1.0, "process": 0.5}, client=serial)
    fn(prompts=[QUESTION], completions=[[_msg(THINK_WRONG)]], reference=["70.71"], log_metric=logged.__setitem__)
    assert logged[f"{fn.__name__}/process"] == 0.0 and logged[f"{fn.__name__}/answer"] == 1.0


# -- TRL 1.16.0's own source -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trl_source(tmp_path_factory) -> dict[str, str]:
    """TRL 1.16.0's wheel (env ``CLINVERIFY_TRL_WHEEL``, else ``pip download``): its sources by path."""
    wheel = os.environ.get("CLINVERIFY_TRL_WHEEL")
    if not wheel:
        d = tmp_path_factory.mktemp("trl")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", f"trl=={TRL_VERSION}", "--no-deps", "-d", str(d), "-q"],
                capture_output=True, text=True, timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            pytest.skip(f"cannot fetch the TRL {TRL_VERSION} wheel: {e}")
        wheels = sorted(Path(d).glob("trl-*.whl"))
        if proc.returncode or not wheels:
            pytest.skip(f"cannot fetch the TRL {TRL_VERSION} wheel (pip download failed): {proc.stderr.strip()[-300:]}")
        wheel = str(wheels[0])
    with zipfile.ZipFile(wheel) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".py")}


def test_trl_calling_convention(trl_source):
    grpo = trl_source["trl/trainer/grpo_trainer.py"]
    # keyword call with prompts/completions/completion_ids plus the dataset columns and hooks
    assert re.search(r"reward_func\(\s*prompts=prompts, completions=completions, completion_ids=completion_ids_list, \*\*reward_kwargs", grpo)
    hooks = set(re.findall(r'\breward_kwargs\["(\w+)"\]', grpo))
    assert {"trainer_state", "log_extra", "log_metric"} <= hooks and hooks <= _TRL_RESERVED
    assert 'reward_kwargs["log_metric"] = self._log_metric' in grpo
    assert "None values to NaN" in grpo  # None: not applicable
    # conversational completions: [message] from the tokenizer's response schema, or [{"role", "content"}]
    assert "[parse_response(self._tokenizer, ids" in grpo
    assert 'completions = [[{"role": "assistant", "content": content}] for content in contents]' in grpo
    # metric names: __name__, falling back to the class name
    utils = trl_source["trl/trainer/utils.py"]
    assert 'return getattr(func, "__name__", type(func).__name__)' in utils
    assert "self.reward_func_names.append(get_callable_name(reward_funcs[i]))" in grpo


def test_trl_thinking_field_names(trl_source):
    schemas = trl_source["trl/chat_template_utils.py"]
    fields = set(re.findall(r'^\s+"(reasoning_content|thinking|reasoning)": \{', schemas, re.M))
    assert fields and fields <= {"reasoning_content", "thinking", "reasoning"}
    assert {"reasoning_content", "thinking"} <= fields


def test_trl_async_pickles_reward_functions(trl_source):
    worker = trl_source["trl/experimental/async_grpo/async_rollout_worker.py"]
    assert "pickle.dumps(self._loop_kwargs)" in worker
    assert "self.reward_func_names = [get_callable_name(f) for f in reward_funcs]" in worker
    fn = trl_reward("process", workers=0)
    assert pickle.loads(pickle.dumps({"reward_funcs": [fn]}))["reward_funcs"][0].__name__ == "clinverify_process"


def test_unpickled_in_a_new_process():
    """As AsyncGRPOTrainer's rollout worker: the pickled function is loaded and called in another
    interpreter (its scorer made there)."""
    fn = trl_reward({"answer": 1.0, "process": 0.5}, workers=0)
    comps = [[_msg(THINK_RIGHT)], [_msg(THINK_WRONG)]]
    code = (
        "import pickle, sys; fn = pickle.loads(sys.stdin.buffer.read()); "
        f"print(fn.__name__, fn(prompts=[{QUESTION!r}] * 2, completions={comps!r}, reference=['70.71'] * 2))"
    )
    out = subprocess.run([sys.executable, "-P", "-c", code], input=pickle.dumps(fn), capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    name, rewards = out.stdout.decode().strip().split(" ", 1)
    here = fn(prompts=[QUESTION] * 2, completions=comps, reference=["70.71"] * 2)
    assert here[0] == 1.0 and here[1] < 1.0  # the wrong step in the thinking counts
    assert name == fn.__name__ and rewards == str(here)
