"""Which calculator does a question (or trace) ask for? Weighted name-token matching.

Every registry name, MedCalc-Bench name and id contributes its words; a word's weight is its
inverse document frequency over all names, so "Bazett" decides more than "QTc". A name scores
the weight of its words found in the text minus half the weight of its words missing, which
prefers "delta gap" over "albumin corrected delta gap" unless the text says "albumin".
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from clinverify.calculators import Calculator, list_calculators

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("the a an of for in to and or with by score index calculator patient s is what equation formula rule criteria".split())
# Spelling variants seen in questions and traces -> the token used in names.
_VARIANTS = {"cockroft": "cockcroft", "fredericia": "fridericia", "cholestrol": "cholesterol", "melda": "meld", "critiera": "criteria"}


def _tokens(text: str) -> list[str]:
    return [_VARIANTS.get(w, w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@lru_cache(maxsize=1)
def _index() -> tuple[list[tuple[Calculator, frozenset[str]]], dict[str, float]]:
    names: list[tuple[Calculator, frozenset[str]]] = []
    for c in list_calculators():
        for n in {c.name, c.medcalc_name or "", c.id.replace("_", " ")}:
            toks = frozenset(_tokens(n))
            if toks:
                names.append((c, toks))
    df: dict[str, int] = {}
    for _, toks in names:
        for t in toks:
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log(1 + len(names) / n) for t, n in df.items()}
    return names, idf


def identify(text: str | None, min_score: float = 1.0) -> Calculator | None:
    """The calculator a question or trace most likely asks for, or None when nothing fits."""
    if not text:
        return None
    words = set(_tokens(text[:4000]))
    names, idf = _index()
    best, best_score = None, min_score
    for calc, toks in names:
        hit = sum(idf[t] for t in toks if t in words)
        if not hit:
            continue
        miss = sum(idf[t] for t in toks if t not in words)
        score = hit - 0.5 * miss
        if score > best_score:
            best, best_score = calc, score
    return best
