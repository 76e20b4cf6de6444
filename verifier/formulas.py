"""Formula statements: is the equation a step writes in words ("QTc = QT interval / √(RR
interval)") the calculator's own equation?

Each equation-based calculator below declares its formula as data: the variables with the
phrases models use for them, a sampler that draws consistent values (RR = 60 / heart rate), and
the accepted forms (more than one where the literature has more than one convention). A stated
formula is read by replacing the phrases with values and evaluating it with the verifier's safe
evaluator (no eval, no symbolic algebra needed), at three random points: two expressions that
agree at random points are the same formula (polynomial identity testing, as in Schwartz–Zippel;
these formulas are algebraic in a handful of variables). A stated formula that differs is still
accepted when it matches after rescaling one variable by a unit factor (height in cm vs m) or
the whole result by 100 (a fraction vs a percentage). Text that does not read as a formula over
known variables yields no claim, so this check adds no false alarms on prose.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from clinverify.verifier.arith import EvalError, evaluate
from clinverify.verifier.claims import UNIT_WORDS, trie_alternation

Values = dict[str, float]


@dataclass(frozen=True)
class Formula:
    text: str  # the formula as people write it, for messages
    phrases: Mapping[str, tuple[str, ...]]  # variable -> phrases (lowercase, "_" read as space)
    sample: Callable[[random.Random], Values]  # consistent values for every variable
    forms: tuple[Callable[[Values], float], ...]  # accepted forms of the result
    # Variables a statement may already have replaced by this patient's constant (the sex
    # factor 0.85, a TBW fraction of 0.5): without them the statement is not judged.
    specialisable: frozenset[str] = frozenset()


def _u(rng: random.Random, lo: float, hi: float) -> float:
    return rng.uniform(lo, hi)


def _qt(rng: random.Random) -> Values:
    hr = _u(rng, 45, 140)
    return {"qt": _u(rng, 300, 520), "hr": hr, "rr": 60.0 / hr}


def _gaps(rng: random.Random) -> Values:
    na, cl, hco3, alb = _u(rng, 125, 150), _u(rng, 90, 115), _u(rng, 8, 30), _u(rng, 1.5, 5)
    ag = na - cl - hco3
    acag = ag + 2.5 * (4 - alb)
    return {"na": na, "cl": cl, "hco3": hco3, "albumin": alb, "ag": ag, "dg": ag - 12, "acag": acag, "acdg": acag - 12}


_QT = {
    "qt": ("qt interval", "qt"),
    "rr": ("rr interval sec", "rr interval in seconds", "rr interval", "rr"),
    "hr": ("heart rate", "hr"),
}
_WEIGHT = ("adjusted body weight", "adjusted weight", "actual body weight", "body weight", "weight")
_CREATININE = ("serum creatinine", "creatinine", "scr")
_GAP_PHRASES = {
    "na": ("sodium", "na"),
    "cl": ("chloride", "cl"),
    "hco3": ("bicarbonate", "hco3", "hco₃"),
    "albumin": ("albumin",),
    "acdg": ("albumin corrected delta gap",),
    "acag": ("albumin corrected anion gap",),
    "dg": ("delta gap",),
    "ag": ("anion gap", "ag"),
}

FORMULAS: dict[str, Formula] = {
    "qtc_bazett": Formula("QT / √RR", _QT, _qt, (lambda v: v["qt"] / math.sqrt(v["rr"]),)),
    "qtc_fridericia": Formula("QT / RR^(1/3)", _QT, _qt, (lambda v: v["qt"] / v["rr"] ** (1 / 3),)),
    "qtc_framingham": Formula("QT + 154 × (1 − RR)", _QT, _qt, (lambda v: v["qt"] + 154 * (1 - v["rr"]),)),
    "qtc_hodges": Formula("QT + 1.75 × (HR − 60)", _QT, _qt, (lambda v: v["qt"] + 1.75 * (v["hr"] - 60),)),
    "qtc_rautaharju": Formula("QT × (120 + HR) / 180", _QT, _qt, (lambda v: v["qt"] * (120 + v["hr"]) / 180,)),
    "bmi": Formula(
        "weight / height²",
        {"weight": ("weight",), "height": ("height",)},
        lambda r: {"weight": _u(r, 30, 150), "height": _u(r, 1.2, 2.1)},
        (lambda v: v["weight"] / v["height"] ** 2, lambda v: 703 * v["weight"] / v["height"] ** 2),  # kg/m²; lb/in² × 703
    ),
    "body_surface_area": Formula(
        "√(weight × height / 3600)",
        {"weight": ("weight",), "height": ("height",)},
        lambda r: {"weight": _u(r, 30, 150), "height": _u(r, 120, 210)},
        (lambda v: math.sqrt(v["weight"] * v["height"] / 3600),),
    ),
    "mean_arterial_pressure": Formula(
        "(2 × diastolic + systolic) / 3",
        {"sbp": ("systolic blood pressure", "systolic bp", "systolic pressure", "systolic", "sbp"),
         "dbp": ("diastolic blood pressure", "diastolic bp", "diastolic pressure", "diastolic", "dbp")},
        lambda r: {"sbp": _u(r, 90, 200), "dbp": _u(r, 40, 110)},
        (lambda v: (2 * v["dbp"] + v["sbp"]) / 3,),
    ),
    "cockcroft_gault": Formula(
        "(140 − age) × weight × sex factor / (72 × creatinine)",
        {"age": ("age",), "weight": _WEIGHT, "scr": _CREATININE,
         "k": ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor")},
        lambda r: {"age": _u(r, 20, 90), "weight": _u(r, 40, 120), "scr": _u(r, 0.5, 4), "k": r.choice((1.0, 0.85))},
        (lambda v: (140 - v["age"]) * v["weight"] * v["k"] / (72 * v["scr"]),),
        frozenset({"k"}),
    ),
    "fib4": Formula(
        "age × AST / (platelets × √ALT)",
        {"age": ("age",), "ast": ("ast",), "alt": ("alt",),
         "plt": ("platelet count", "platelets", "platelet", "plt")},
        lambda r: {"age": _u(r, 20, 90), "ast": _u(r, 10, 300), "alt": _u(r, 10, 300), "plt": _u(r, 20, 450)},
        (lambda v: v["age"] * v["ast"] / (v["plt"] * math.sqrt(v["alt"])),),
    ),
    "serum_osmolality": Formula(
        "2 × Na + BUN / 2.8 + glucose / 18",
        {"na": ("sodium", "na"), "bun": ("blood urea nitrogen", "bun"), "glucose": ("glucose",)},
        lambda r: {"na": _u(r, 120, 160), "bun": _u(r, 5, 80), "glucose": _u(r, 60, 600)},
        (lambda v: 2 * v["na"] + v["bun"] / 2.8 + v["glucose"] / 18,),
    ),
    "homa_ir": Formula(
        "insulin × glucose / 405",
        {"insulin": ("fasting insulin", "insulin"), "glucose": ("fasting glucose", "glucose")},
        lambda r: {"insulin": _u(r, 2, 60), "glucose": _u(r, 60, 300)},
        (lambda v: v["insulin"] * v["glucose"] / 405,),
    ),
    "free_water_deficit": Formula(
        "TBW fraction × weight × (Na / 140 − 1)",
        {"tbw": ("total body water percentage", "total body water fraction", "total body water", "tbw"), "weight": ("weight",),
         "na": ("sodium", "na")},
        lambda r: {"tbw": r.choice((0.6, 0.5, 0.45)), "weight": _u(r, 40, 120), "na": _u(r, 142, 170)},
        (lambda v: v["tbw"] * v["weight"] * (v["na"] / 140 - 1),),
        frozenset({"tbw"}),
    ),
    "fena": Formula(
        "(serum creatinine × urine sodium) / (serum sodium × urine creatinine) × 100",
        {"ucr": ("urine creatinine",), "una": ("urine sodium",), "scr": ("serum creatinine", "creatinine"),
         "sna": ("serum sodium", "sodium")},
        lambda r: {"ucr": _u(r, 20, 200), "una": _u(r, 5, 120), "scr": _u(r, 0.5, 6), "sna": _u(r, 120, 155)},
        (lambda v: v["scr"] * v["una"] / (v["sna"] * v["ucr"]) * 100,),
    ),
    "ldl_friedewald": Formula(
        "total cholesterol − HDL − triglycerides / 5",
        {"tc": ("total cholesterol", "total cholestrol"), "hdl": ("hdl cholesterol", "hdl cholestrol", "hdl"),
         "tg": ("triglycerides", "triglyceride", "tg")},
        lambda r: {"tc": _u(r, 120, 300), "hdl": _u(r, 25, 90), "tg": _u(r, 50, 390)},
        (lambda v: v["tc"] - v["hdl"] - v["tg"] / 5, lambda v: v["tc"] - v["hdl"] - v["tg"] / 2.2),  # mg/dL; mmol/L
    ),
    "calcium_correction": Formula(
        "calcium + 0.8 × (4 − albumin)",
        {"nalb": ("normal albumin",), "albumin": ("albumin",), "ca": ("calcium",)},
        lambda r: {"nalb": 4.0, "albumin": _u(r, 1.5, 5), "ca": _u(r, 6, 12)},
        (lambda v: v["ca"] + 0.8 * (4 - v["albumin"]),),
    ),
    "sodium_correction_hyperglycemia": Formula(
        "Na + 0.016 × (glucose − 100) (Katz; Hillier: 0.024)",
        {"na": ("sodium", "na"), "glucose": ("glucose",)},
        lambda r: {"na": _u(r, 120, 150), "glucose": _u(r, 150, 1200)},
        (lambda v: v["na"] + 0.016 * (v["glucose"] - 100), lambda v: v["na"] + 0.024 * (v["glucose"] - 100)),
    ),
    "adjusted_body_weight": Formula(
        "IBW + 0.4 × (weight − IBW)",
        {"ibw": ("ideal body weight", "ibw"), "weight": ("actual body weight", "body weight", "weight")},
        lambda r: {"ibw": _u(r, 40, 80), "weight": _u(r, 60, 160)},
        (lambda v: v["ibw"] + 0.4 * (v["weight"] - v["ibw"]),),
    ),
    # MELD(i), the first step of MELD Na (Kamath 2001 / OPTN): stated by name only ("MELD(i) = ...").
    "meld_i": Formula(
        "0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643",
        {"cr": ("serum creatinine", "creatinine", "cr", "scr"), "bili": ("total bilirubin", "bilirubin", "bili"), "inr": ("inr",)},
        lambda r: {"cr": _u(r, 1, 4), "bili": _u(r, 1, 15), "inr": _u(r, 1, 3.5)},
        (
            lambda v: 0.957 * math.log(v["cr"]) + 0.378 * math.log(v["bili"]) + 1.120 * math.log(v["inr"]) + 0.643,
            lambda v: 10 * (0.957 * math.log(v["cr"]) + 0.378 * math.log(v["bili"]) + 1.120 * math.log(v["inr"]) + 0.643),
        ),
    ),
    "anion_gap": Formula(
        "Na − (Cl + HCO₃)",
        _GAP_PHRASES | {"k": ("potassium", "k")},
        lambda r: _gaps(r) | {"k": _u(r, 2.5, 6)},
        (lambda v: v["na"] - (v["cl"] + v["hco3"]), lambda v: v["na"] + v["k"] - (v["cl"] + v["hco3"])),
    ),
    "delta_gap": Formula(
        "AG − 12 (Wrenn: (AG − 12) − (24 − HCO₃))", _GAP_PHRASES, _gaps,
        (lambda v: v["ag"] - 12, lambda v: (v["ag"] - 12) - (24 - v["hco3"])),
    ),
    "delta_ratio": Formula("(AG − 12) / (24 − HCO₃)", _GAP_PHRASES, _gaps, (lambda v: (v["ag"] - 12) / (24 - v["hco3"]),)),
    "albumin_corrected_anion_gap": Formula("AG + 2.5 × (4 − albumin)", _GAP_PHRASES, _gaps, (lambda v: v["acag"],)),
    "albumin_corrected_delta_gap": Formula("albumin-corrected AG − 12", _GAP_PHRASES, _gaps, (lambda v: v["acdg"],)),
    "albumin_corrected_delta_ratio": Formula("(albumin-corrected AG − 12) / (24 − HCO₃)", _GAP_PHRASES, _gaps, (lambda v: v["acdg"] / (24 - v["hco3"]),)),
}

# Unit factors one variable may be written in (cm vs m, lb vs kg, mmol/L vs mg/dL, %, minutes).
_UNIT_FACTORS = (100.0, 0.01, 1000.0, 0.001, 10.0, 0.1, 2.54, 1 / 2.54, 2.20462, 1 / 2.20462, 18.0, 1 / 18, 88.4, 1 / 88.4, 2.8, 1 / 2.8, 60.0, 1 / 60, 1000 / 60, 60 / 1000)
_PROSE_MARK = re.compile(r"\bis\b|:|\bby\b|\bas\b|\bformula\b", re.I)  # the formula starts after the last one
_LETTER = re.compile(r"[A-Za-z√]")
_OPERATOR = re.compile(r"[+\-−*/×·÷^√]|sqrt|\bln\b|exp\b|\bx\b")
_CUT = re.compile(r",?\s+(?i:where)\b|;|\.\s+(?=[A-Z])")  # the end of the statement ("..., where QT is in msec")
_CLAUSE_END = re.compile(r",\s|\.\s|\.$")  # the end of the formula itself, after the prose before it
_UNIT_PAREN = re.compile(r"\((?:[^()§\d]*)\)")
# Unit words after or inside a stated formula ("glucose mg/dL", "(in kgs)"): the verifier's unit
# vocabulary (claims.UNIT_WORDS) plus the words explanations use around formulas.
_UNITS = re.compile(
    r"(?<![a-z§])(?:in\s+)?(?:mm hg|"
    + trie_alternation({w.lower() for w in UNIT_WORDS} | {"kilograms", "seconds", "sec", "billion", "billions", "percent"}, ignore_case=False)
    + r")(?![a-z])"
)
MAX_FORMULA_CHARS = 300
_SLOT = re.compile(r"§(\w+)§")
_SPACES = re.compile(r"\s+")
_TIMES_X = re.compile(r"(?<![a-z])x(?![a-z])")
_ALLOWED = re.compile(r"^(?:§\w+§|sqrt|ln|exp|log|\d|[\s.+\-−*/×x·÷^()\[\]√²³])*$")


@lru_cache(maxsize=64)
def _phrase_pattern(calc_id: str) -> tuple[re.Pattern, dict[str, str]]:
    phrases = {p: var for var, ps in FORMULAS[calc_id].phrases.items() for p in ps}
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(?:the\s+|patient's\s+|measured\s+|serum\s+|plasma\s+)*(" + alt + r")(?![a-z0-9])"), phrases


def _to_template(text: str, calc_id: str) -> str | None:
    """The stated formula with its variables as §var§ slots, or None if it does not read as a
    formula over this calculator's variables (any other word left over)."""
    if len(text) > MAX_FORMULA_CHARS:
        return None  # longer than any real formula: bounded work on adversarial text
    pat, phrases = _phrase_pattern(calc_id)
    low = text.lower().replace("_", " ")

    def slot(m: re.Match) -> str:
        return "§" + phrases[_SPACES.sub(" ", m.group(1))] + "§"

    s = pat.sub(slot, low)
    if "§" not in s:
        return None
    s = _UNIT_PAREN.sub(" ", s)  # "(in kg)", "(mEq/L)": unit notes
    s = _UNITS.sub(" ", s)
    s = s.strip().rstrip(".,")
    s += ")" * max(0, s.count("(") - s.count(")"))  # "sqrt((weight * height)/3600" as written
    if not (s and _ALLOWED.match(s) and re.search(r"[+\-−*/×x·÷^√]|sqrt|ln|exp", s)):
        return None
    return _TIMES_X.sub("*", s)  # "0.957 x ln(Cr)": a standalone x multiplies


def _value(template: str, v: Values, scale: tuple[str, float] | None = None) -> float:
    def put(m: re.Match) -> str:
        x = v[m.group(1)]
        if scale is not None and m.group(1) == scale[0]:
            x *= scale[1]
        return f"({x!r})"

    return evaluate(_SLOT.sub(put, template))


@dataclass(frozen=True)
class Statement:
    start: int  # offsets in the step text
    end: int
    ok: bool
    detail: str


# The quantity each formula computes, as models name it before the formula ("the formula for
# computing the patient's BMI is ...", "QTc = ..."). A formula is only judged against the
# quantity its statement names: a delta-gap trace also states the anion gap's formula.
QUANTITY_NAMES: dict[str, tuple[str, ...]] = {
    "qtc_bazett": ("bazett",), "qtc_fridericia": ("fridericia",), "qtc_framingham": ("framingham",),
    "qtc_hodges": ("hodges",), "qtc_rautaharju": ("rautaharju",),
    "bmi": ("bmi", "body mass index"), "body_surface_area": ("body surface area", "bsa"),
    "mean_arterial_pressure": ("mean arterial pressure", "mean average pressure", "map"),
    "cockcroft_gault": ("cockcroft-gault", "cockcroft gault", "cockroft-gault", "cockroft gault", "creatinine clearance", "crcl"),
    "fib4": ("fibrosis-4", "fib-4", "fib4"), "serum_osmolality": ("serum osmolality", "osmolality"),
    "homa_ir": ("homa-ir", "homa ir"), "free_water_deficit": ("free water deficit", "fwd"),
    "fena": ("fractional excretion of sodium", "fena"), "ldl_friedewald": ("ldl cholesterol", "ldl cholestrol", "ldl"),
    "calcium_correction": ("corrected calcium", "calcium correction"),
    "sodium_correction_hyperglycemia": ("sodium correction", "corrected sodium"),
    "adjusted_body_weight": ("adjusted body weight", "abw"),
    "meld_i": ("meld(i)", "meld i", "meld (i)"),
    "anion_gap": ("anion gap",), "albumin_corrected_anion_gap": ("albumin corrected anion gap", "albumin-corrected anion gap"),
    "delta_gap": ("delta gap",), "albumin_corrected_delta_gap": ("albumin corrected delta gap", "albumin-corrected delta gap"),
    "delta_ratio": ("delta ratio",), "albumin_corrected_delta_ratio": ("albumin corrected delta ratio", "albumin-corrected delta ratio"),
}
_NAME_OF = {p: fid for fid, ps in QUANTITY_NAMES.items() for p in ps}
_NAMES = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(p) for p in sorted(_NAME_OF, key=len, reverse=True)) + r")(?![a-z0-9])")


def _named(text: str, calc_id: str | None) -> str | None:
    """The formula a statement's lead names (the longest name; "QTc" is the calculator's own)."""
    low = text.lower().replace("_", " ")
    hits = [m.group(1) for m in _NAMES.finditer(low)]
    if hits:
        return _NAME_OF[max(hits, key=len)]
    if calc_id in FORMULAS and calc_id.startswith("qtc_") and re.search(r"\bqtc\b|corrected qt", low):
        return calc_id
    return None


class _Reads(dict):
    def __init__(self, values: Values):
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, k: str) -> float:
        self.read.add(k)
        return super().__getitem__(k)


@lru_cache(maxsize=64)
def key_variables(calc_id: str) -> frozenset[str]:
    """The variables the calculator's main form reads: an unnamed statement ("we get QT/√(RR)")
    is taken as the calculator's own formula only when it uses all of them (so "RR = 60 / HR"
    in a QTc trace is not)."""
    f = FORMULAS[calc_id]
    v = _Reads(f.sample(random.Random(0)))
    f.forms[0](v)
    return frozenset(v.read)


def check_statement(text: str, calc_id: str | None = None) -> Statement | None:
    """The formula stated in one step, checked against the formula of the quantity the step
    names; None when the step states no formula of a known quantity over its variables."""
    if "=" not in text:
        low = text.lower()
        if "formula" not in low and "equation" not in low:
            return None  # most steps: decided before the cache, so they never crowd it
    mark = _LIST_MARK.match(text)
    if mark:  # "1. The formula is ..." : the list number is not the end of a sentence
        st = _check_statement(text[mark.end() :], calc_id)
        return None if st is None else Statement(st.start + mark.end(), st.end + mark.end(), st.ok, st.detail)
    return _check_statement(text, calc_id)


_LIST_MARK = re.compile(r"\s*(?:(?:step\s*)?\d{1,2}[.):]|[-*•–])\s+", re.I)


@lru_cache(maxsize=4096)  # the same formula sentence recurs across traces
def _check_statement(text: str, calc_id: str | None) -> Statement | None:
    if calc_id not in FORMULAS and not _NAMES.search(text.lower().replace("_", " ")):
        return None  # no formula of this calculator, and no known quantity named
    cut = _CUT.search(text)
    body_end = cut.start() if cut else len(text)
    # Each side of "=" may be the formula ("QTc = QT / √RR = 400 / 0.8" is also arithmetic);
    # the quantity is named before it, in the same part or the one left of "=".
    pos, before = 0, ""
    for part in re.split(r"(=|≈)", text[:body_end]):
        if part in ("=", "≈"):
            pos += len(part)
            continue
        if not _LETTER.search(part) or not _OPERATOR.search(part):
            before = part  # numbers only, or no operator: not a formula
            pos += len(part)
            continue
        offset = _last_end(_PROSE_MARK, part, 0)
        target = _named(before + " " + part[:offset], calc_id)
        before = part
        unnamed = target is None and calc_id in FORMULAS
        if unnamed and not (pos or _LEAD.search(part)):
            unnamed = False  # a bare sub-expression at the start of a step ("height × weight = ..."): not the formula
        elif unnamed:
            target = calc_id
        if target is not None:
            for a, b in _pieces(part, offset):
                template = _to_template(part[a:b], target)
                if template is not None and unnamed and not key_variables(target) <= set(_SLOT.findall(template)):
                    template = None
                if template is not None:
                    return _statement(template, target, pos + a, pos + b)
        pos += len(part)
    return None


_LEAD = re.compile(r"\b(?:formula|equation|get|gets|gives?|plug|plugging|calculated?|compute[sd]?)\b", re.I)
_VERB = re.compile(r"\b(?:get|gets|gives?|yields?|obtain|obtains|equals?|compute[sd]?|calculated?)\b", re.I)


def _last_end(pat: re.Pattern, text: str, pos: int) -> int:
    """End of the last match of ``pat`` in text[pos:], or ``pos`` when there is none."""
    end = pos
    for m in pat.finditer(text, pos):
        end = m.end()
    return end


def _pieces(part: str, offset: int) -> list[tuple[int, int]]:
    """Where the formula may be in one side of "=": right after the prose lead ("... is <f>, where"),
    or at the end of the clause before "=" ("..., we will get <f> = 393/√0.5")."""
    out = []
    rest = part[offset:]
    end = _CLAUSE_END.search(rest)
    head = rest[: end.start()] if end else rest
    if head.strip():
        a = offset + len(head) - len(head.lstrip())
        out.append((a, a + len(head.strip())))
    if end:
        last = list(_CLAUSE_END.finditer(part))[-1]
        tail_start = last.end()
        tail_start = _last_end(_VERB, part, tail_start)
        tail = part[tail_start:]
        if tail.strip():
            a = tail_start + len(tail) - len(tail.lstrip())
            out.append((a, a + len(tail.strip())))
    else:
        verb_end = _last_end(_VERB, part, offset)
        tail = part[verb_end:]
        if verb_end > offset and tail.strip():
            a = verb_end + len(tail) - len(tail.lstrip())
            out.append((a, a + len(tail.strip())))
    return out


def _statement(template: str, calc_id: str, start: int, end: int) -> Statement | None:
    v = _verdict(template, calc_id)
    return None if v is None else Statement(start, end, v[0], v[1])


@lru_cache(maxsize=64)
def _points(calc_id: str) -> tuple[Values, ...]:
    rng = random.Random(zlib.crc32(calc_id.encode()))  # the same points in every process
    return tuple(FORMULAS[calc_id].sample(rng) for _ in range(3))


def _agree(got: list[float], want: list[float], factor: float = 1.0) -> bool:
    return all(math.isclose(g, w * factor, rel_tol=1e-6, abs_tol=1e-9) for g, w in zip(got, want, strict=False))


@lru_cache(maxsize=2048)  # differently worded statements often reduce to the same template
def _verdict(template: str, calc_id: str) -> tuple[bool, str] | None:
    """(matches, detail) for a template against the formula; None if it cannot be evaluated."""
    formula = FORMULAS[calc_id]
    points = _points(calc_id)
    names = sorted(set(_SLOT.findall(template)))
    if formula.specialisable - set(names) & key_variables(calc_id):
        return None  # written for this patient's constant (0.85 for a woman): nothing general to judge
    try:
        got = [_value(template, v) for v in points]
        wants = [[f(v) for v in points] for f in formula.forms]
        if any(_agree(got, w) for w in wants):
            return True, f"the formula matches {formula.text}"
        if re.search(r"\blog\b(?!10)", template):  # "log" meaning the natural log, as in code
            as_ln = re.sub(r"\blog\b(?!10)", "ln", template)
            if any(_agree([_value(as_ln, v) for v in points], w) for w in wants):
                return True, f"the formula matches {formula.text} (log read as the natural log)"
        if any(_agree(got, w, 100.0) or _agree(got, w, 0.01) for w in wants):
            return True, f"the formula matches {formula.text} (as a percentage)"
        for name in names:
            for k in _UNIT_FACTORS:
                scaled = [_value(template, v, (name, k)) for v in points]
                if any(_agree(scaled, w) for w in wants):
                    return True, f"the formula matches {formula.text} ({name} in other units)"
    except (EvalError, ValueError, ZeroDivisionError, OverflowError, KeyError):
        return None
    v = points[0]
    shown = ", ".join(f"{n} {v[n]:.4g}" for n in names)
    return False, f"this is not the calculator's formula {formula.text}: at {shown} it gives {got[0]:.4g}, not {wants[0][0]:.4g}"
