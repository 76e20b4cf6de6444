"""Values a trace computes in code it writes (a model that checks its work like a code interpreter).

    ```python
    oxy_daily_mg = 15 * 4          # → 60
    oxy_mme = oxy_daily_mg * 1.5   # → 80.0
    print(round(oxy_mme, 1))
    ```
    Output: `80.0`

The code's assignments are run over the trace's fenced blocks in order: each variable takes the
value of its expression, the numbers and earlier variables it names (arithmetic only: anything
else leaves the variable unknown). A value the trace shows for a variable — in a comment after
its assignment ("# → 80.0", "# = 60") or as the output of ``print`` right after the block — is an
``arithmetic`` claim: the expression with the variables' values put in (``60 * 1.5``), the shown
value as its result. The model never ran the code it writes: a shown output is its own claim.
Work is linear in the text; at most MAX_CODE_LINES lines are run.
"""

from __future__ import annotations

import re

from clinverify.verifier.arith import EvalError, evaluate, normalise
from clinverify.verifier.claims import Claim, parse_number
from clinverify.verifier.limits import MAX_CODE_LINES
from clinverify.verifier.tolerance import decimals_of

_LANGUAGE = re.compile(r"[ \t]*(?:python3?|py)?[ \t]*\n", re.I)  # after an opening fence: the block is python (or unnamed)
_MAX_LINE = 300  # characters in a line of code read (a longer line is no model's assignment)
_ASSIGN = re.compile(r"[ \t]*(?P<name>[A-Za-z_]\w*)[ \t]*=(?!=)[ \t]*(?P<expr>[^#\n]*?)[ \t]*(?:#[ \t]*(?P<comment>[^\n]*))?")
# A comment that shows the value: "# → 80.0", "# -> 60", "# = 60", "# ≈ 6.0", "# 62.99"; not "# mg/day" nor "# 2 doses".
_SHOWN = re.compile(r"(?:→|->|=>|=|≈|~)?[ \t]*(?P<v>-?\d+(?:\.\d+)?)[ \t]*(?:[A-Za-z/%µ]+[A-Za-z0-9/%µ]*)?[ \t]*$")
_PRINT = re.compile(r"[ \t]*print\((?P<args>.*)\)[ \t]*(?:#.*)?")
_OUTPUT = re.compile(r"[ \t]*\n?[ \t]*(?:\*\*|_)?(?:Output|Result|Prints?)(?:\*\*|_)?[ \t]*:?(?:\*\*)?[ \t]*"
                     r"(?:`(?P<inline>[^`\n]{1,80})`|\n?```[^\n]*\n(?P<block>[^`]{1,200}?)```|(?P<plain>[^\n`]{1,80}))", re.I)
_ROUND = re.compile(r"\bround\(")
_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?![\w(])")
_FUNCTIONS = frozenset({"sqrt", "log", "log10", "ln", "exp", "min", "max", "abs"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CODE_LOG = re.compile(r"(?<![\w.])log\(")


def read(trace: str) -> list[Claim]:
    """The ``arithmetic`` claims of the values the trace shows for what its code computes."""
    if "```" not in trace:
        return []
    env: dict[str, float] = {}
    made: dict[str, str] = {}  # variable -> the expression it was computed by, its variables' values put in
    out: list[Claim] = []
    lines = 0
    for base, end in _blocks(trace):
        shown_for: list[tuple[str, int | None]] = []  # (expression printed, its rounding) in order
        pos = 0
        for line in trace[base:end].split("\n"):
            start = base + pos
            pos += len(line) + 1
            lines += 1
            if lines > MAX_CODE_LINES:
                return out
            if len(line) > _MAX_LINE:
                continue  # not a line of a model's code
            if (p := _PRINT.fullmatch(line)) is not None:
                shown_for += [_rounded(a.strip()) for a in _split_args(p.group("args"))]
                continue
            m = _ASSIGN.fullmatch(line)
            if m is None:
                continue
            name, expr = m.group("name"), m.group("expr")
            inner, digits = _rounded(expr)
            value, put_in = _value(inner, env)
            if value is None:
                env.pop(name, None)  # no longer a value we know
                made.pop(name, None)
                continue
            env[name] = round(value, digits) if digits is not None else value
            made[name] = put_in
            comment = m.group("comment")
            shown = _SHOWN.fullmatch(comment) if comment else None
            if shown is not None and put_in is not None and _has_operation(put_in):
                a = start + m.start("comment") + shown.start("v")
                out.append(_claim(trace, a, shown.group("v"), put_in, line.strip()))
        after = _OUTPUT.match(trace, end + 3)
        if after is None or not shown_for:
            continue
        group = next(g for g in ("inline", "block", "plain") if after.group(g) is not None)
        values = list(_NUMBER.finditer(after.group(group)))
        if len(values) != len(shown_for):
            continue  # not one number per value printed: not read
        for (expr, _digits), v in zip(shown_for, values, strict=True):
            value, put_in = _value(expr, env)
            if value is None or put_in is None:
                continue
            if not _has_operation(put_in):
                put_in = made.get(expr.strip(), "")  # print(x): the expression x was computed by
            if _has_operation(put_in):
                a = after.start(group) + v.start()
                out.append(_claim(trace, a, v.group(), put_in, f"print({expr})"))
    return out


def _blocks(trace: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced python block's code: fences paired in order, one scan."""
    marks, at = [], trace.find("```")
    while at != -1:
        marks.append(at)
        at = trace.find("```", at + 3)
    out = []
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        lang = _LANGUAGE.match(trace, opening + 3, closing)
        if lang is not None:
            out.append((lang.end(), closing))
    return out


def _claim(trace: str, at: int, shown: str, expr: str, code: str) -> Claim:
    return Claim("arithmetic", at, at + len(shown), trace[at : at + len(shown)], expr=expr, value=parse_number(shown), value_text=shown,
                 decimals=decimals_of(shown), literals=[(parse_number(n.group()), n.group()) for n in _NUMBER.finditer(expr)],
                 context=code)


def _rounded(expr: str) -> tuple[str, int | None]:
    """``round(x, 2)`` as x and its 2 digits (the value shown is rounded, not wrong)."""
    m = _ROUND.match(expr.strip())
    if m is None or not expr.strip().endswith(")"):
        return expr, None
    body = expr.strip()[m.end() : -1]
    head, sep, digits = body.rpartition(",")
    if sep and digits.strip().isdigit():
        return head, int(digits.strip())
    return body, 0


def _split_args(args: str) -> list[str]:
    """Arguments of a call, split at top-level commas."""
    out, depth, cur = [], 0, ""
    for ch in args:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch in "([{"
        depth -= ch in ")]}"
        cur += ch
    return [*out, cur] if cur.strip() else out


def _value(expr: str, env: dict[str, float]) -> tuple[float | None, str | None]:
    """The expression's value with the variables' values put in, and that expression; (None, None)
    when it names anything else (a string, a call, a variable not known)."""
    if not expr or len(expr) > 200 or any(ch in expr for ch in "\"'[]{}:"):
        return None, None
    unknown = False

    def put(m: re.Match) -> str:
        nonlocal unknown
        word = m.group()
        if word in _FUNCTIONS:
            return word
        if word not in env:
            unknown = True
            return word
        return f"{env[word]:.10g}"

    put_in = _NAME.sub(put, _CODE_LOG.sub("ln(", expr.replace("**", "^")))  # (python's log is the natural log)
    if unknown:
        return None, None
    try:
        return evaluate(normalise(put_in)), put_in.strip()
    except (EvalError, ValueError, ZeroDivisionError, OverflowError):
        return None, None


def _has_operation(expr: str) -> bool:
    return bool(re.search(r"[-+*/^]|\w\(", expr.lstrip("-")))
