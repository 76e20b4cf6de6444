"""The registry: every calculator module under formulas/ and scores/, looked up by
registry id, MedCalc-Bench id (int or numeric string) or name, with close-match hints."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import lru_cache

from clinverify.calculators.errors import UnknownCalculator
from clinverify.calculators.limits import MAX_CALCULATOR_KEY_CHARS, too_many_digits
from clinverify.calculators.model import Calculator

# Sub-packages holding one module per calculator, each exposing ``CALCULATOR``.
_PACKAGES = ("clinverify.calculators.formulas", "clinverify.calculators.scores")


def _norm(s: str) -> str:
    return " ".join(s.strip().lower().replace("_", " ").replace("-", " ").split())


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Calculator], dict[str, Calculator]]:
    by_id: dict[str, Calculator] = {}
    by_key: dict[str, Calculator] = {}
    for pkg_name in _PACKAGES:
        pkg = importlib.import_module(pkg_name)
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            mod = importlib.import_module(f"{pkg_name}.{info.name}")
            calc = getattr(mod, "CALCULATOR", None)
            if calc is None:
                continue
            if calc.id in by_id:
                raise RuntimeError(f"duplicate calculator id {calc.id!r}")
            by_id[calc.id] = calc
    for calc in by_id.values():
        keys = {calc.id, _norm(calc.id), _norm(calc.name)}
        if calc.medcalc_id is not None:
            keys.add(str(calc.medcalc_id))
        if calc.medcalc_name:
            keys.add(_norm(calc.medcalc_name))
        for k in keys:
            other = by_key.get(k)
            if other is not None and other is not calc:
                raise RuntimeError(f"lookup key {k!r} names both {other.id} and {calc.id}")
            by_key[k] = calc
    return by_id, by_key


def get(key: str | int) -> Calculator:
    """Find a calculator by registry id, MedCalc-Bench id or (MedCalc-Bench) name."""
    by_id, by_key = _load()
    if isinstance(key, Calculator):
        return key
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise UnknownCalculator(key, [], "expected a registry id, MedCalc-Bench id or name")
    if isinstance(key, int) and too_many_digits(key):
        raise UnknownCalculator(key, [])
    if isinstance(key, str) and len(key) > MAX_CALCULATOR_KEY_CHARS:
        # Checked before any normalising or close-match search: their cost grows with the key.
        raise UnknownCalculator(key, [], f"{len(key)} characters; the limit is {MAX_CALCULATOR_KEY_CHARS}")
    if isinstance(key, int):
        calc = by_key.get(str(key))
    else:
        calc = by_id.get(key) or by_key.get(key.strip()) or by_key.get(_norm(key))
    if calc is not None:
        return calc
    raise UnknownCalculator(key, suggest(str(key)))


def suggest(key: str, n: int = 3) -> list[str]:
    """Registry ids whose id or name resembles ``key`` (none for a key over MAX_CALCULATOR_KEY_CHARS)."""
    if len(key) > MAX_CALCULATOR_KEY_CHARS:
        return []
    by_id, _ = _load()
    q = _norm(key)
    names = {}
    for c in by_id.values():
        names[_norm(c.id)] = c.id
        names[_norm(c.name)] = c.id
        if c.medcalc_name:
            names[_norm(c.medcalc_name)] = c.id
    hits = difflib.get_close_matches(q, list(names), n=n * 2, cutoff=0.5)
    hits += [k for k in names if q and len(q) >= 3 and q in k]
    out: list[str] = []
    for h in hits:
        if names[h] not in out:
            out.append(names[h])
    return out[:n]


def list_calculators() -> list[Calculator]:
    """All calculators, ordered by MedCalc-Bench id then registry id."""
    by_id, _ = _load()
    return sorted(by_id.values(), key=lambda c: (c.medcalc_id is None, c.medcalc_id or 0, c.id))


