"""One real ``trl.GRPOTrainer`` training step (TRL 1.16.0, CPU) with our TRL reward functions.

The model is a one-layer Llama with random weights and the tokenizer a word-level one over a few
words, both made here (nothing is downloaded). Its vocabulary is ``Answer:``, ``7`` and ``8``, so
the random completions it samples hold right answers (``Answer: 7``), wrong ones (``Answer: 8``)
and none: the rewards differ within a group and the step has a gradient. Checked: TRL calls our
functions with its real arguments (dataset columns, ``log_metric``), logs them under their
``__name__``, and the rewards it recorded for each completion are the ones our function gives
for that completion. Skips without the ``rl`` extra (trl, with torch and transformers)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _hf_datasets():
    """Hugging Face's ``datasets``. ``python -m pytest`` from the repository root puts the root first
    on sys.path, where ``datasets/`` (the source folder of clinverify.datasets) shadows it."""
    mod = sys.modules.get("datasets")
    if mod is not None and hasattr(mod, "Dataset"):
        return mod
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
    sys.modules.pop("datasets", None)
    try:
        return pytest.importorskip("datasets", reason="needs the rl extra: pip install 'clinverify[rl]' (trl)")
    finally:
        sys.path[:] = saved


datasets = _hf_datasets()
trl = pytest.importorskip("trl", minversion="1.16", reason="needs the rl extra: pip install 'clinverify[rl]' (trl)")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from clinverify.clients.rewards import trl_reward  # noqa: E402

QUESTION = "What is the patient's HEART score?"
VOCAB = ["[PAD]", "[UNK]", "[EOS]", "Answer:", "7", "8"]


def _tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers

    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return transformers.PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]", eos_token="[EOS]")


def _model(tokenizer):
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(VOCAB), hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, max_position_embeddings=64, pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id, bos_token_id=None,
    )
    return transformers.LlamaForCausalLM(config)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tokenizer = _tokenizer()
    model = _model(tokenizer)
    # a prompt TRL tokenizes to known words only ([UNK] for the question's other words)
    rows = [{"prompt": f"{QUESTION} Answer:", "reference": "7", "calculator": "heart_score"}] * 4
    answer = trl_reward("answer", workers=0)
    weighted = trl_reward({"answer": 1.0, "process": 0.5}, workers=0)
    args = trl.GRPOConfig(
        output_dir=str(tmp_path_factory.mktemp("grpo")), max_steps=1, per_device_train_batch_size=8,
        num_generations=8, max_completion_length=6, learning_rate=1e-2, logging_steps=1, report_to="none",
        save_strategy="no", use_cpu=True, bf16=False, fp16=False, seed=0, temperature=1.0, log_completions=False,
        dataloader_num_workers=0,
    )
    before = {k: v.detach().clone() for k, v in model.named_parameters()}
    trainer = trl.GRPOTrainer(model=model, reward_funcs=[answer, weighted], args=args,
                              train_dataset=datasets.Dataset.from_list(rows), processing_class=tokenizer)
    trainer.train()
    return trainer, answer, weighted, before


def test_one_grpo_step_trains_with_our_rewards(trained):
    trainer, answer, weighted, before = trained
    assert trainer.state.global_step == 1
    logs = {k: v for entry in trainer.state.log_history for k, v in entry.items()}
    # TRL's metric names are our functions' __name__s, and our log_metric hook reached its logs
    assert trainer.reward_func_names == [answer.__name__, weighted.__name__] == ["clinverify_answer", weighted.__name__]
    for name in trainer.reward_func_names:
        assert f"rewards/{name}/mean" in logs
    assert 0.0 <= logs["clinverify_answer/applicable"] <= 1.0
    # the step changed the weights (the rewards differed within the group: non-zero advantages)
    after = dict(trainer.model.named_parameters())
    assert any(not torch.equal(before[k], after[k].detach()) for k in before)


def test_recorded_rewards_are_our_functions_own(trained):
    trainer, answer, weighted, _ = trained
    completions = list(trainer._logs["completion"])
    assert len(completions) == 8 and all(isinstance(c, str) for c in completions)
    prompts = list(trainer._logs["prompt"])
    for fn in (answer, weighted):
        ours = fn(prompts=prompts, completions=completions, reference=["7"] * 8, calculator=["heart_score"] * 8)
        recorded = list(trainer._logs["rewards"][fn.__name__])
        assert len(recorded) == 8
        for r, o in zip(recorded, ours, strict=True):
            assert (math.isnan(r) and o is None) or r == pytest.approx(o)
    # the sampled completions hold right answers and others: the rewards differ
    ours = answer(prompts=prompts, completions=completions, reference=["7"] * 8)
    assert 1.0 in ours and any(r != 1.0 for r in ours), completions
