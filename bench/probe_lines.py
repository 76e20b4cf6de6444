"""Probe lines: single lines of reasoning written the way models write, each in a right and a wrong
version (one genuine error), over given patient data; the verifier is scored on them.

    python bench/probe_lines.py [--set a|b|all] [--show]

The two sets in ``bench/data/probe_lines/`` were written at stop 44 by helpers that did not read the
verifier's code, its tests or the real traces (they recomputed every value with python; set B's
patients and true values came from the public CLI, ``clinverify calc ID --explain``). Set A covers
calculators the verifier's authors had probed themselves; set B fifteen others. Both were first
scored before anyone looked at their lines (the README gives those figures); they have been read
since, so they are development data now: measure what you did not build for with new lines.

A right line passes when no check fails; a wrong line is found when any check fails. Checks of the
final answer are left out (a lone line's last number is read as the trace's answer, and for a
score its total against the patient's).
"""

import argparse
import collections
import json
import sys
from pathlib import Path

from clinverify.verifier import verify

DATA = Path(__file__).parent / "data" / "probe_lines"


def score(rows):
    stat = collections.Counter()
    shown = []
    for r in rows:
        v = verify(r["line"], calculator=r["calculator"], entities=r["entities"])
        fails = [c for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer" and not c.detail.startswith("the total ")]
        if r["expect"] == "ok":
            stat["right"] += 1
            stat["right clean"] += not fails
            if fails:
                shown.append(f"false alarm  {r['calculator']}: {r['line']}  [{fails[0].detail[:90]}]")
        else:
            stat["wrong"] += 1
            stat["wrong found"] += bool(fails)
            stat["kind " + r["kind"]] += 1
            stat["found " + r["kind"]] += bool(fails)
            if not fails:
                shown.append(f"missed {r['kind']:16} {r['calculator']}: {r['line']}")
    return stat, shown


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=("a", "b", "all"), default="all")
    ap.add_argument("--show", action="store_true", help="print the false alarms and the missed errors")
    args = ap.parse_args(argv)
    names = ("a", "b") if args.set == "all" else (args.set,)
    for name in names:
        rows = [json.loads(line) for line in (DATA / f"set_{name}.jsonl").open(encoding="utf-8") if line.strip()]
        stat, shown = score(rows)
        print(f"set {name.upper()}: {len(rows) // 2} pairs; right lines without a flag {stat['right clean']}/{stat['right']}; "
              f"wrong lines flagged {stat['wrong found']}/{stat['wrong']}")
        print_by_kind(stat, shown if args.show else ())
    return 0


def print_by_kind(stat, shown=()) -> None:
    """The errors found of each kind ("kind K" / "found K" counts), then the lines to show (``--show``)."""
    for kind in sorted(k[5:] for k in stat if k.startswith("kind ")):
        print(f"  {kind:16} {stat['found ' + kind]}/{stat['kind ' + kind]}")
    if shown:
        print("\n".join("  " + s for s in shown))


if __name__ == "__main__":
    sys.exit(main())
