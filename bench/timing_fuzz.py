"""Timing fuzz: verify() on random traces built from fragments models write, with long runs of one
character or token inserted, for every calculator; reports each input that takes longer than a
bound and saves it for profiling.

    python bench/timing_fuzz.py [--seconds 300] [--seed 1] [--slow 1.0] [--save-dir /tmp/timing_fuzz]

Why: the verifier's readers are regular expressions over untrusted text; a pattern with two
optional runs of the same characters in a row (``\\s*,?\\s*``), or one searched from every position
of a long run, turns a long run into quadratic or cubic time. The linear-time test in
``tests/verifier/test_fuzz_verify.py`` holds the shapes found so far at 60,000 characters; this
search finds new ones. Traces are up to 20,000 characters (the README's figures: real traces
verify in about 3 ms). Each slow input is written to ``--save-dir`` as "calculator\\ntext", to be
profiled (``py-spy record``) and reduced to a shape for the test. An exception is a failure too.
Exit status 1 when some input took longer than ``--fail`` seconds (default 10).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import time

from clinverify.calculators import list_calculators
from clinverify.verifier import verify

FRAGMENTS = (
    "Score for", "Age", ">65", "→", "=>", "=", ":", "points", "1 point", "(", ")", "HR 107", "mg/dL", "mmol/L", "×", "*", "/", "+", "-", "–",
    "March", "(31 days)", "To convert glucose", "multiply by 18", "Total:", "Step 1:", "**Heart rate**", "|", "---", "- ", "• ", "So", "Wait,",
    "Actually", "correction:", "IBW", "50 + 2.3 ×", "5 ft 9 in", "BP 120/80", "uncontrolled", "≥", "<", "2.0", "140", "0.024", "Answer: 3",
    "<think>", "</think>", "Age >65 –", "RR 25,", "For cycle length", "sqrt(", "ln(", "^", "%", "°C", "years", "year-old", "no", "absent",
    "present", "criteria met", "Sodium 130 mEq/L", "respectively", "× 104/µL",
)
RUNS = (" ", "\n", "\t", "a", "1", ".", ",", "(", "=", "-", "1 ", "a ", "→ ", "x", "*")
NOTE = "A 63-year-old man, BP 150/90, HR 110, sodium 130."
MAX_CHARS = 20_000


class _Timeout(Exception):
    pass


def _alarm(*_):
    raise _Timeout()


def trace(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 25)):
        parts.append(rng.choice(RUNS) * rng.randint(200, 4000) if rng.random() < 0.25 else rng.choice(FRAGMENTS))
    return rng.choice(["", " "]).join(parts)[:MAX_CHARS]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300.0, help="how long to search")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slow", type=float, default=1.0, help="report inputs slower than this many seconds")
    ap.add_argument("--fail", type=float, default=10.0, help="stop an input after this many seconds; exit 1 if any did")
    ap.add_argument("--save-dir", default="/tmp/timing_fuzz")
    a = ap.parse_args(argv)
    os.makedirs(a.save_dir, exist_ok=True)
    calcs = [c.id for c in list_calculators()]
    rng = random.Random(a.seed)
    signal.signal(signal.SIGALRM, _alarm)
    n = slow = failed = 0
    worst = (0.0, "")
    end = time.time() + a.seconds
    while time.time() < end:
        text, calc = trace(rng), rng.choice(calcs)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, a.fail)
        status = ""
        try:
            verify(text, calculator=calc, patient_note=NOTE)
        except _Timeout:
            status, failed = f"over {a.fail:g} s", failed + 1
        except Exception as e:  # noqa: BLE001 — any exception is a finding
            status, failed = f"{type(e).__name__}: {e}", failed + 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - t0
        worst = max(worst, (took, calc))
        if status or took > a.slow:
            slow += 1
            path = os.path.join(a.save_dir, f"seed{a.seed}_{n}.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(calc + "\n" + text)
            print(f"{took:6.2f} s  {calc:32s} {len(text):6d} chars  {status or 'slow'}  {path}", flush=True)
        n += 1
    print(f"{n} traces, {slow} slower than {a.slow:g} s, {failed} failed; slowest {worst[0]:.2f} s ({worst[1]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
