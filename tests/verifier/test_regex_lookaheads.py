"""Patterns that start with a lookahead for their first characters (``(?=[...])``, a speed-up:
re leaves every other position at once) must not change what they match: the lookahead holds
every character a match of the rest of the pattern can start with. Adding a word with a new
first letter to such a pattern without adding the letter to its lookahead fails here."""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._parser as sre_parse
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    AT,
    ATOMIC_GROUP,
    BRANCH,
    CATEGORY,
    CATEGORY_DIGIT,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    RANGE,
    SUBPATTERN,
)

import clinverify.verifier as verifier_pkg
from clinverify.verifier import formula_statements

_LOOKAHEAD = re.compile(r"\(\?=\[((?:\\.|[^\]\\])+)\]\)")


def _first(items) -> tuple[list, bool]:
    """What a match of the parsed pattern ``items`` can start with, and whether it can be empty."""
    out: list = []
    for op, av in items:
        if op in (AT, ASSERT, ASSERT_NOT):
            continue  # zero width
        if op is LITERAL:
            return out + [("char", chr(av))], False
        if op is IN:
            return out + list(av), False
        if op is SUBPATTERN:
            f, empty = _first(list(av[3]))
        elif op is ATOMIC_GROUP:
            f, empty = _first(list(av))
        elif op is BRANCH:
            f, empty = [], False
            for alt in av[1]:
                g, e = _first(list(alt))
                f, empty = f + g, empty or e
        elif op in (MAX_REPEAT, MIN_REPEAT):
            f, empty = _first(list(av[2]))
            empty = empty or av[0] == 0
        else:
            return out + [("unknown", op)], False
        out += f
        if not empty:
            return out, False
    return out, True


def _patterns() -> dict[str, re.Pattern]:
    found = {}
    for mod_info in pkgutil.iter_modules(verifier_pkg.__path__):
        mod = importlib.import_module(f"clinverify.verifier.{mod_info.name}")
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and _LOOKAHEAD.match(value.pattern):
                found[f"{mod_info.name}.{name}"] = value
    found["formula_statements._tables() names"] = formula_statements._tables()[3]
    return found


def test_lookaheads_found():
    assert len(_patterns()) >= 20  # the patterns this guards are still written this way


def test_lookahead_holds_every_first_character():
    for name, pat in _patterns().items():
        m = _LOOKAHEAD.match(pat.pattern)
        klass = re.compile("[" + m.group(1) + "]", pat.flags)
        first, empty = _first(list(sre_parse.parse(pat.pattern[m.end() :], pat.flags)))
        assert not empty, f"{name}: the rest of the pattern can match empty text"
        for kind, value in first:
            if kind == "char":
                ok = klass.fullmatch(value) is not None
            elif kind is LITERAL:
                ok = klass.fullmatch(chr(value)) is not None
            elif kind is RANGE:
                ok = all(klass.fullmatch(chr(c)) for c in range(value[0], value[1] + 1))
            elif kind is CATEGORY and value is CATEGORY_DIGIT:
                ok = all(klass.fullmatch(d) for d in "09٣۵५")  # \d: ASCII and other scripts' digits
            else:
                ok = False
            assert ok, f"{name}: a match can start with {kind} {value!r}, which its lookahead [{m.group(1)}] leaves out"


def test_lookahead_guard_fails_on_a_missing_letter():
    # The check above can fail: a lookahead without one branch's first letter is caught.
    pat = re.compile(r"(?=[ab])\b(?:alpha|beta|gamma)\b", re.I)
    m = _LOOKAHEAD.match(pat.pattern)
    klass = re.compile("[" + m.group(1) + "]", pat.flags)
    first, _ = _first(list(sre_parse.parse(pat.pattern[m.end() :], pat.flags)))
    assert [v for k, v in first if k == "char" and not klass.fullmatch(v)] == ["g"]
