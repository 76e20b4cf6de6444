"""Probe traces: whole model-style traces, each in a right and a wrong version (one genuine error,
carried through to a wrong answer), over given patient data; the verifier is scored on them.

    python bench/probe_traces.py [--set c|d|...|n] [--show]

The sets in ``bench/data/probe_traces/`` were written by helpers that did not read the verifier's
code, its tests, its benches, the real traces or each other's sets (C, D, E at stop 45; F, G, H at
stop 46; I, J at stop 47; K, L at stop 48; M, N at stop 49); they recomputed every value with python and took the true results from the public CLI
(``clinverify calc ID --entities ... --explain``). Each set has three authors over ten calculators
each: explanations in the styles of chat models (c1, c2, d1, d2; e1, f2 terse small open models; e2,
g1 GPT-4o/Claude with tables; f1 GPT-4o-mini numbered steps; g2 Llama/Gemini prose with arithmetic in
words; h1, h2 the g1 and g2 styles) and traces of a reasoning model with its thinking (c3, d3, e3, f3,
g3, h3), about half of whose right traces hold a slip the thinking itself corrects
(``self_corrected_text``).

Which sets were read: C, D and E at stop 45 (development data). F and G were scored on stop 46's
start code before any of their text was read, but their authors' final reports named each pair's
error in a line (calculator, kind, a few words), seen when they arrived; then their misses were read
and used for development. H's authors were told to report counts only: H was scored at the start and
the end of stop 46 and nothing of it was printed but these figures (held out). I and J (stop 47:
i1 the f1 style, i2 the g2 style, j1 the g1 style, j2 the f2 style, i3 and j3 reasoning models) were
written the same way, their authors reporting counts only: both were scored on stop 47's start code
before anything of them was read; J was then read for development, I is held out like H. Once a set's misses
have been printed (``--show``), it measures nothing outside what was built: write new sets then.
K and L (stop 48: k1 DeepSeek-V3/Qwen2.5-72B answers with '### Step' headings, display LaTeX and
\boxed{}; k2 Mistral-Large/Llama-405B bullet lists with arrows; l1 Claude prose; l2 terse small
models with ASCII formulas and JSON-like answers; k3 and l3 reasoning models with slips their
thinking corrects) were written the same way and scored on stop 48's start code before anything of
them was read; L was then read for development, K is held out. M and N (stop 49: m2 GPT-4o-mini/GPT-3.5 answering in
MedCalc-Bench's JSON, one paragraph of prose; m3 a QwQ/DeepSeek-R1 reasoning model with slips its thinking corrects; m1
Gemini/GPT-4-turbo markdown tables; 40 and 20 pairs) likewise: N was then read, M is held out. O, P, Q and R (stop 50: o1 a
clinician-facing model's terse shorthand, o2 a small distilled reasoning model with slips its thinking corrects; p1 a chat model
checking its work with python code blocks; q1 XML-like tags, q2 small open models' step lists; r1 models trained mostly outside
English, full-width punctuation and glued units, r2 conversational prose with points in words) likewise: O is held out, P, Q
and R were read. S (stop 50, written after that stop's development: s1 a chat assistant with a code tool, s2 an open model
trained mostly outside English, the styles of p1 and r1 by other authors over other calculators) is held out, scored on the
stop's start and end code only. T, U, V and W (stop 51, over calculators no set had reached where marked: t1 GPT-4o/Claude
criterion tables over ten scores beyond MedCalc-Bench, t2 a QwQ/OpenThinker reasoning model over MedCalc formulas; u1 numbered
steps over scores and formulas beyond MedCalc-Bench, u2 a DeepSeek-R1/QwQ reasoning model with LaTeX over formulas beyond it;
v1 Claude-style prose over MedCalc scores, v2 gpt-oss-20b's terse analysis channel over MedCalc formulas, written after most of
that stop's development; w1 questionnaires and bedside scales, w2 a Qwen3/R1-Distill reasoning model over conversion tables)
likewise: U and V are held out, T and W were read.

Per trace, with the patient's entities, the task the authors answered as the question ("What is the
patient's <calculator name>?") and no reference answer:

- right trace: *clean* when no step is ``incorrect`` (a ``corrected`` step is allowed); a slip the
  thinking corrects is *labelled* when a ``corrected`` step covers it;
- wrong trace: *found* when an ``incorrect`` step covers the error's first appearance
  (``error_text``), *first* when the first ``incorrect`` step does, *answer* when the trace's final
  answer is judged wrong.

The first figures printed for a set are the ones to quote as measured on text the verifier was not
built for: a set stops being that once its misses have been read (the README says which).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_lines import print_by_kind  # noqa: E402  (the probe lines' bench, beside this one)

from clinverify.calculators import get  # noqa: E402
from clinverify.verifier import verify  # noqa: E402

DATA = Path(__file__).parent / "data" / "probe_traces"
HELD_OUT = frozenset({"h", "i", "k", "m", "o", "s", "u", "v"})  # sets none of whose text has been printed: the figures measured on what was not built for


def _covers(step, span) -> bool:
    return step.start < span[1] and step.end > span[0]


def _span(trace: str, text: str):
    i = trace.find(text)
    return None if i < 0 else (i, i + len(text))


def _question(calculator: str) -> str:
    """The task the authors answered: "compute <the calculator's name> for this patient"."""
    return f"What is the patient's {get(calculator).name}?"


def judge(r: dict) -> tuple[collections.Counter, list[str]]:
    """One trace verified and scored: its counts (``score`` adds them up) and the lines ``--show`` prints."""
    stat = collections.Counter()
    shown = []
    v = verify(r["trace"], calculator=r["calculator"], entities=r["entities"], question=_question(r["calculator"]))
    bad = [s for s in v.steps if s.verdict == "incorrect"]
    tag = f"{r['author']}#{r['pair']} {r['calculator']}"
    if r["expect"] == "ok":
        stat["right"] += 1
        stat["right clean"] += not bad
        if bad:
            c = bad[0].first_failure
            shown.append(f"false alarm  {tag}: {bad[0].text.strip()[:110]!r}  [{(c.detail if c else '')[:100]}]")
        slip = r.get("self_corrected_text")
        span = slip and _span(r["trace"], slip)
        if span:
            stat["slips"] += 1
            hit = any(s.verdict == "corrected" and _covers(s, span) for s in v.steps)
            stat["slips labelled"] += hit
            if not hit:
                shown.append(f"slip not labelled corrected  {tag}: {slip!r}")
    else:
        span = _span(r["trace"], r["error_text"])
        kind = r["kind"]
        stat["wrong"] += 1
        stat["kind " + kind] += 1
        found = span is not None and any(_covers(s, span) for s in bad)
        first = span is not None and bool(bad) and _covers(bad[0], span)
        stat["found"] += found
        stat["found " + kind] += found
        stat["first"] += first
        stat["answer"] += v.answer.correct is False
        if not found:
            where = f"first flag at {bad[0].text.strip()[:80]!r}" if bad else "no step flagged"
            shown.append(f"missed {kind:15} {tag}: {r['error_text']!r} ({where})")
    return stat, shown


def score(judged) -> tuple[collections.Counter, list[str]]:
    """The counts and shown lines of traces already judged (``judge``), added up."""
    stat, shown = collections.Counter(), []
    for one, lines in judged:
        stat.update(one)
        shown += lines
    return stat, shown


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default="all", help="a set's letter (c to s) or all")
    ap.add_argument("--show", action="store_true", help="print the false alarms and the missed errors (not of a held-out set)")
    ap.add_argument("--show-held-out", action="store_true", help="print them for the held-out sets too: they count as read from then on")
    args = ap.parse_args(argv)
    files = sorted(DATA.glob("set_*.jsonl")) if args.set == "all" else [DATA / f"set_{args.set}.jsonl"]
    for path in files:
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        judged = [judge(r) for r in rows]  # each trace verified once: the set's figures and each author's add them up
        stat, shown = score(judged)
        name = path.stem[4:].upper()
        print(f"set {name}: {stat['wrong']} wrong and {stat['right']} right traces; right traces without an incorrect step "
              f"{stat['right clean']}/{stat['right']}; wrong traces with the error's step flagged {stat['found']}/{stat['wrong']}, "
              f"as the first flag {stat['first']}/{stat['wrong']}; wrong answer judged wrong {stat['answer']}/{stat['wrong']}")
        authors = sorted({r["author"] for r in rows})
        if len(authors) > 1:
            for author in authors:
                part, _ = score(j for r, j in zip(rows, judged, strict=True) if r["author"] == author)
                print(f"  by {author}: right clean {part['right clean']}/{part['right']}, wrong found {part['found']}/{part['wrong']}, "
                      f"first {part['first']}/{part['wrong']}, answer judged wrong {part['answer']}/{part['wrong']}"
                      + (f", slips labelled corrected {part['slips labelled']}/{part['slips']}" if part["slips"] else ""))
        if stat["slips"]:
            print(f"  slips the thinking corrects, labelled corrected: {stat['slips labelled']}/{stat['slips']}")
        held_out = path.stem[4:] in HELD_OUT
        print_by_kind(stat, shown if (args.show and not held_out) or args.show_held_out else ())
        if args.show and held_out and not args.show_held_out:
            print("  (held out: its misses are not printed; --show-held-out prints them and makes it read)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
