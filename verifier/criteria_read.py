"""Criteria read from prose: a statement that gives points to a finding, checked against the score.

Models write criterion points in many forms: "Age 72: +1", "Hypertension (+1)", "Bilirubin 1.9
mg/dL → 2 points", "History of CAD; +2 points", "one point is added for hypertension", "we
increment the score by 1", "adding 1.5 to the score", "no change in score". This module finds
each points mention (``read``), takes the words of its clause as the phrase that names the
finding, and resolves the phrase to a criterion of the calculator with the vocabulary the
calculator itself declares (each criterion's label and phrases, and the names, aliases and
descriptions of the inputs it reads: ``clinverify.calculators.criteria.Criterion``).

``check`` judges one mention:
- with the patient's data (entities), against the points the criterion gives this patient;
- without it, against the criterion's rule applied to what the clause itself states: a flag
  gives 0 or its points and nothing else; a banded criterion gives the points of the value or
  the band the clause names ("Age > 65; +1" is wrong for HEART, where ≥ 65 scores 2);
- points given to a finding that is a criterion of another score but not of this one ("age" in
  FeverPAIN, "heart failure" in Wells' PE score) are flagged.
Totals ("total score", "sum") are not criteria. Work is linear in the text (bounded patterns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from clinverify.calculators import Calculator, CalculatorError, list_calculators
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import fmt
from clinverify.calculators.units import convert
from clinverify.verifier.claims import TIME_UNITS, parse_number, unit_at
from clinverify.verifier.knowledge import criteria, declaration, input_for, input_names, point_items, unitless_count
from clinverify.verifier.parameters import declared
from clinverify.verifier.tolerance import close, decimals_of

# Small numbers written as words: a criterion's points go to ten, a running total of points further.
NUMBER_WORDS = tuple("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
                     "eighteen nineteen twenty".split())
_NUMBER_WORDS = NUMBER_WORDS[:11]  # (as a criterion's points)
_WORDNUM = {"no": 0, **{w: n for n, w in enumerate(NUMBER_WORDS)}, "a": 1, "an": 1, "another": 1}
_N = r"(?P<n>[-+]?\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + ")"
# A points mention is found from its number (digits or a number word), by what is written just
# before and just after it; each form below is one small pattern over that context.
_NUMBER_TOKEN = re.compile(
    r"(?<![\w.])(?:\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r"|(?:another|an|a)(?=\s+(?:additional\s+|more\s+|extra\s+)?point\b))(?![\w]|\.\d|,\d{3})", re.I)  # not the 10 of "10,001"
_ARTICLE_NEGATED = re.compile(r"(?:\b(?:not|no|never|without)|n't)\b[^.;,]{0,20}$|\bfor\s*$", re.I)
# "a point of care test", "a point should not be given", "for a point to be added": no points given.
_OF_AFTER = re.compile(r"\s+point\s+(?:of\b|to\s+be\b|(?:should|would|could|must|will|can|may|is|was)\b)", re.I)
# ("2 APACHE points": the score's name, an acronym, may stand between)
_AFTER_POINTS = re.compile(r"\s*(?:additional\s+|more\s+|extra\s+|(?-i:[A-Z][A-Z0-9₂]+(?:-[A-Za-z0-9₂]+)?\s+))?(?:points?|pts?)\b", re.I)
_NOT_POINTS_AFTER = re.compile(
    r"\s*(?:[=*/×x^÷]|[-–−]\s*\d|\+\s*\d|mg|kg|cm|mm|mmol|mEq|µ|u?mol|g/|years?|yrs?|months?|days?|weeks?|hours?|bpm|beats|breaths|%|°|drinks?)", re.I
)
_BEFORE = (
    re.compile(r"(?:[:;=]|\s[-–—]|^[-–—])\s*\+\s*$"),  # ": +1", "= +2", "- +1"
    re.compile(r"(?:(?<![\d)\s])\s*|(?<=[\s(]))\+\s*$"),  # "+1" (not "1 + 1")
    re.compile(r"(?:→|->|=>|⇒)\s*\+?\s*$"),  # "→ 2", "=> 2"
    re.compile(r"\b(?:adds?|adding|added|giv(?:es|ing)|scor(?:es|ing)|earns?|earning|gets?|getting|receives?|receiving|contribut(?:es|ing)"
               r"|assign(?:s|ing)?|award(?:s|ing)?|worth|weight(?:ed|s)?|(?:counts?|counted|counting|qualif(?:y|ies|ied))\s+as)"
               r"\s+(?:of\s+)?(?:an?\s+additional\s+|another\s+|an?\s+)?\+?$", re.I),
    re.compile(r"\b(?:increas(?:e|es|ed|ing)|increment(?:s|ed|ing)?|rais(?:e|es|ed|ing)|go(?:es)?\s+up|went\s+up|rises?|rose)\b[^.;\n]{0,40}?\bby\s+\+?$", re.I),
    re.compile(r"(?:[;,(]\s*score|\bweight)\s*[:=]?\s*\+?$", re.I),  # "; score 1.5", "– weight: 2" (Charlson's weights)
    # "→ GCS motor score 3", "cardiovascular score = 2": a component's own score ("the HEART score 5"
    # names no criterion, and a total's words are read as a total).
    re.compile(r"(?<=[A-Za-z/-]\s)(?:sub-?)?score\s*[:=]?\s*$", re.I),
    re.compile(r"(?:→|->|=>|⇒)\s*(?:sub-?)?score\s*[:=]?\s*$", re.I),  # "(1.5–1.9) → score 2": the finding's points
)
# "Heart rate: 120 (110–139) = 2": the band's points (group ``at``: where the points' context starts; the band is the phrase's)
_BAND_EQUALS = re.compile(r"\(\s*\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*\)\s*(?P<at>=)\s*$")
_COMPONENT = _BEFORE[6]
# "Age >45: yes, 1", "Purulence: no, 0": a finding's decision, then its points.
_DECISION = r"(?:yes|no|present|absent|met|not\s+met|none)"  # a finding decided for this patient
_YES_NO = re.compile(r"(?::|→|->|=>)\s*(?:" + _DECISION + r"(?:\s+[A-Za-z/-]+){0,2}|normal|(?:in|within)\s+(?:the\s+)?normal\s+range)\s*,\s*$", re.I)  # "K 3.7: normal, 0", "Fever → no, 0", "Purulence → no exudate, 0"
# "congestive heart failure present (1)", "cough absent (0)": a finding's decision, its points in brackets.
# (Not "none (0), mild (1)": a list of a criterion's options, the rule.)
_DECIDED_PAREN = re.compile(r"\b(?:present|absent|positive|negative|yes|no|met|not\s+met|criterion)\s*\(\s*$", re.I)  # ("does not meet the ≥30 criterion (0)")
_SIGNED_PAREN_BEFORE = re.compile(r"\(\s*+\+\s*+\d{1,2}(?:\.\d)?\s*+\)\s*+(?:,|;|\band\b)")
_ANOTHER_PAREN = re.compile(r"\)[^.;\n]{0,30}\(\s*\d")
_NOT_COMPONENT = frozenset("final total overall the a an this that his her their its your new sum cumulative max maximum min minimum risk calculated "
                           "resulting updated current".split())
_BEFORE_NEEDS_POINTS = re.compile(r"(?:[:;=(]|\s[-–—]|^[-–—])\s*$")  # ": 2 points", "(1 point)", "– 1 point"
_ZERO = re.compile(
    r"\bno\s+(?:change|points?|additional\s+points?|[a-z]{3,}\s+(?P<pt>points?))\b|\bdoes\s+not\s+(?:add|contribute|score)|\bdo(?:es)?\s+not\s+increment|\bnot\s+(?:scored|counted)"
    r"|\b(?:score|total)\s+(?:remains|stays|is\s+unchanged)|\b0\s+points?\s+(?:are\s+|is\s+)?added",
    re.I,
)
# Negative points given: "Female sex: -10 points", "Age 15-44: −1" (a sign right after the colon).
_MINUS_GIVEN = re.compile(r"[:=→][ \t]*[-−–][ \t]?$")  # not a list dash on the next line ("Points:\n- 2 for cancer")
_TAKEN_AWAY = re.compile(r"\b(?:subtract(?:s|ed|ing)?|deduct(?:s|ed|ing)?|minus|remov(?:e|es|ed|ing)|tak(?:e|es|ing)\s+away)\s+(?:an?\s+|another\s+)?$", re.I)
_ZERO_HINT = ("no ", "not ", "remain", "stay", "unchanged", "0 point")


def _decided_alone(decisions: str) -> re.Pattern:
    """A finding's name at the start of its line, sentence or list item, a separator, then only
    one of ``decisions``: no number after it, no other words."""
    return re.compile(
        r"(?:^|(?<=[\n;])|(?<=[.!?]\s)|(?<=[-•*]\s))[ \t]*+(?:[-•*][ \t]*+)?(?P<name>[A-Za-z][A-Za-z0-9'/ #%()≥≤<>-]{1,60}?)"
        r"(?P<sep>[ \t]*+[:?][ \t]*+|[ \t]++[-–—][ \t]*+)"
        rf"(?P<d>{decisions})\b"
        r"(?![ \t]*+(?:[,(:–=-]|→|->|=>|⇒)?[ \t]*+\+?\d|[ \t]*+(?:→|->|=>|⇒|=)|[ \t]++(?:points?|pts?|change|additional|[a-z]))"
        r"(?![^.;\n]*(?:→|->|=>|⇒|\+[ \t]*\d|\bpoints?\b|\bpts?\b|=[ \t]*\d))", re.I | re.M)  # points written later in the clause: read with them


# A finding's name, then only the decision that it is absent: "Alcohol: no", "- Stroke/TIA history? none.",
# "Prior DVT – not mentioned". What follows is no number ("no, 0" and "none (0)" are read with their
# points) and no other finding ("Fever: no fever but chills" is read by its words elsewhere).
_ABSENT_DECIDED = _decided_alone(r"no|none|absent|not\s+present|not\s+met|negative|not\s+mentioned|not\s+documented|not\s+reported")
_ABSENT_CUE = re.compile(r"[:?–—-][ \t]*(?:no|none|absent|not\s|negative)", re.I)  # what _ABSENT_DECIDED needs, found fast
# The same, said present: "Hypertension: yes", "- Prior stroke? present." (the points are the criterion's).
_PRESENT_DECIDED = _decided_alone(r"yes|present|positive")
_PRESENT_CUE = re.compile(r"[:?–—-][ \t]*(?:yes|present|positive)\b", re.I)


def _judged_after_arrow(judgements: str) -> re.Pattern:
    """A criterion named at the start of its line or item (its rule may be in the name: "Age ≥ 50"),
    a colon, maybe what the patient has ("age is 52", "no"), then an arrow and only the judgement
    whether the criterion is met: "Age ≥ 50: age is 52 → positive", "Hemoptysis: no → not met".
    Without a colon, the patient's value and a comparison follow the name: "Heart rate 96/min > 90 → met".
    No points after it (those are read with their number)."""
    return re.compile(
        r"(?:^|(?<=[\n;])|(?<=[.!?]\s)|(?<=[-•*]\s))[ \t]*+(?:[-•*][ \t]*+)?(?:\d{1,2}[.)][ \t]*+)?(?P<name>[A-Za-z][^:\n→;]{1,50}?)"
        r"(?P<sep>[ \t]*+:[ \t]*+|[ \t]++(?=\d[^\n→;:]*?(?:[<>≤≥]|&[lg]t;)))[^\n→;]{0,50}?[ \t]*+(?:→|->|=>|⇒)[ \t]*+"
        rf"(?P<d>{judgements})\b(?![ \t]*+[(,:–=-]?[ \t]*+\+?\d)(?![^.;\n]*(?:\bpoints?\b|\bpts?\b|=[ \t]*\d|→|->|=>|⇒))", re.I | re.M)


# "Age ≥ 50: 52 → positive", "SpO2 < 95%: 93% → criterion met"; "Hemoptysis: no → negative".
_MET_AFTER_ARROW = _judged_after_arrow(r"positive|(?:criterion\s+)?met|meets(?:\s+(?:it|the\s+criterion))?")
_NOT_MET_AFTER_ARROW = _judged_after_arrow(r"negative|(?:criterion\s+)?not\s+met|does\s+not\s+meet(?:\s+(?:it|the\s+criterion))?")
_ARROW_CUE = re.compile(r"(?:→|->|=>|⇒)[ \t]*(?:positive|negative|met|not\s+met|criterion|meets|does\s+not)", re.I)
# (what is decided, a cheap cue, the reader, the points until ``check`` knows the criterion, judged after an arrow)
_DECIDED_ALONE = (("absent", _ABSENT_CUE, _ABSENT_DECIDED, 0.0, False), ("present", _PRESENT_CUE, _PRESENT_DECIDED, 1.0, False),
                  ("absent", _ARROW_CUE, _NOT_MET_AFTER_ARROW, 0.0, True), ("present", _ARROW_CUE, _MET_AFTER_ARROW, 1.0, True))


def number_value(raw: str) -> float:
    """A number written in digits or as a word ("two", "a", "twelve")."""
    low = raw.lower()
    return float(_WORDNUM[low]) if low in _WORDNUM else float(raw)



@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: float
    tally: bool = False
    decided: str | None = None  # "absent" or "present": the finding decided, no points written ("Alcohol: no")
    concluded: bool = False  # "…: falls in 110-139, so 2.": the clause concludes its finding's points (``Mention.concluded``)
    judged: bool = False  # decided by "met"/"positive"/… after an arrow (``Mention.judged``)


# A patient's value as a tally's name carries it, with its unit ("37.2 °C", "107 bpm"; two digits
# or a decimal, so not a list number or a band's single digit).
_VALUE_UNIT = r"(?:\d{2,}(?:\.\d+)?|\d\.\d+)(?:\s*[A-Za-z/%²°µ³]{1,8})?"
# A bare tally, as thinking writes points: "So Hypertension = 1.", "Age 61-74 = 1.", "Age >65 = 1,", "BMI 27.1 <30 = 0"
# "Troponin = 2", "So Fever: 0.". The finding's name (letters, then at most a band or value) right before the "=",
# and the number ends its clause. Read only in a score's trace; the number may still be a value
# ("Creatinine = 2", judged in ``check``).
_TALLY_NAME = re.compile(
    r"(?:^|[\s(:;,.\x22“])[A-Za-z][A-Za-z'/ -]{1,40}?(?:\s+" + _VALUE_UNIT + r"(?=\s*[<>≥≤=:])|\s*\(\s*" + _VALUE_UNIT + r"\s*\)(?=\s*[=:]))?"
    r"(?:\s*\(?\s*(?:[<>≥≤]=?\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?)\s*\)?)?[\x22”]?\s*\??\s*[=:]\s*$"
)
# "risk factor count: 2", "Now sum: 1 (bilirubin) + …": a count or a sum, not a finding's points.
_TALLY_NOT_POINTS = re.compile(r"\b(?:count|number|total|sum|tally|answer|result|step|score)\s*\??\s*[=:]\s*$", re.I)
# "So Fever: 0" decides for this patient; "History of stroke: 1." alone may be a list of the score's items.
_TALLY_DECIDED = re.compile(r"\b(?:so|thus|therefore|hence|yes|no|not|present|absent|has|have|had|patient|he|she)\b", re.I)
# "…, so 0.", "…; thus 1.": a clause that names a finding, then decides its points (not "so far 2").
_SO_TALLY = re.compile(r"[,;:]\s*(?:and\s+)?(?:so|thus|hence|therefore)\s*$", re.I)
_DECIDED_AFTER = re.compile(r"\s*\(\s*" + _DECISION + r"\s*\)", re.I)  # "Hypertension: 1 (present)"
_QUALIFIED_TALLY = re.compile(r"(?:^|[\s:;,.\x22“])[A-Za-z][A-Za-z'/ -]{1,30}?(?::?\s+\d+(?:\.\d+)?(?:\s*[A-Za-z/%°µ³]{1,8})?)?(?:\s+[a-z]+){0,2}"
                              r"\s*\([^()]{1,40}\)\s*:\s*$")
_POINTS_FOR = re.compile(r"\W*(?:points?|pts|score)\s+(?:for|of)\s+[a-z]", re.I)  # "Points for age 50-54: 6"
_VALUE_BEFORE_COLON = re.compile(r"[A-Za-z](?:\s+" + _VALUE_UNIT + r"|\s*\(\s*" + _VALUE_UNIT + r"\s*\))\s*:\s*$")
_TALLY_END = re.compile(r"\s*(?:[.;,(?](?!\d)|\n|$)")  # not "WBC = 8,000/mm³"


def _mentions(text: str) -> list[_Found]:
    """Points mentions: each number whose context reads as points given, and the phrases that
    give none ("no change in score")."""
    out: list[_Found] = []
    for m in _NUMBER_TOKEN.finditer(text):
        raw = m.group().lower()
        value = number_value(raw)
        before = text[max(0, m.start() - 48) : m.start()]
        if raw in ("a", "an", "another") and (_ARTICLE_NEGATED.search(before) or _OF_AFTER.match(text, m.end())):
            continue  # "we do not add a point" (no points), "a point of care test"
        after_points = _AFTER_POINTS.match(text, m.end())
        end = after_points.end() if after_points else m.end()
        start = None
        tail = before.rstrip()
        last = tail[-1:]
        probe = before  # what names the points: "Age 15-44 → -1" is read as "Age 15-44 → 1", negated below
        minus_given = last in "-−–" and _MINUS_GIVEN.search(before) is not None
        # A sign written on the points ("gives -2 points", "−2 points for an alternative diagnosis"):
        # glued to the number, after a space; not a list dash ("- 2 points") nor a range ("1-2 points").
        signed = (not minus_given and after_points is not None and before[-1:] in ("-", "−")
                  and (len(before) < 2 or before[-2] in " \t\n("))
        # "yes (−2)": a sign inside the brackets of a decision's points
        signed = signed or (not minus_given and before[-1:] in ("-", "−") and before[:-1].rstrip().endswith("(")
                            and text[m.end():m.end() + 1] == ")")
        if minus_given or signed:
            probe = before[: len(tail) - 1]
            tail = probe.rstrip()
            last = tail[-1:]
        if last == "+":
            candidates = _BEFORE[:2]
        elif last in ("→", ">", "⇒"):
            candidates = _BEFORE[2:3]
        elif last.isalpha():
            word = tail[tail.rfind(" ") + 1 :].lower().lstrip("([")  # "(score 1)"
            candidates = _BEFORE[4:5] if word == "by" else _BEFORE[5:8] if word == "score" else _BEFORE[5:6] if word == "weight" else _BEFORE[3:4]
        elif last in (":", "="):
            candidates = (*_BEFORE[5:7], _BAND_EQUALS) if last == "=" else _BEFORE[5:7]
        elif last == ",":
            candidates = (_YES_NO,)
        elif last == "(":
            # "present (1)": points; "yes (72)": the value that decided it
            candidates = (_DECIDED_PAREN,) if text[m.end():m.end() + 1] == ")" and value < 10 and not _ANOTHER_PAREN.match(text, m.end()) else ()
            if (text[m.end():m.end() + 1] == ")" and value < 10 and raw.isdigit() and not minus_given
                    and _SIGNED_PAREN_BEFORE.search(text, max(0, m.start() - 120), m.start()) and not _DECIDED_PAREN.search(probe)):
                # "tonsillar exudate (+1), fever (+1), … is 10 years old (0)": a list of findings each with its
                # points signed in brackets; an unsigned one among them is the finding's points too
                start = m.start() - (len(before) - len(tail)) - 1
        else:
            candidates = ()
        for pat in candidates:
            b = pat.search(probe)
            if b is not None and pat is _COMPONENT and (probe[: b.start()].split() or [""])[-1].lower() in _NOT_COMPONENT:
                continue  # "Final Score = 2", "the score 3": the total
            if b is not None:
                at = b.start("at") if "at" in pat.groupindex else b.start()
                start = m.start() - (len(before) - at)
                break
        if (start is None and _FOR_ITEM_AFTER.match(text, m.end()) and _FOR_ITEM_BEFORE.search(before)
                and _FOR_LIST_SCORED.search(text, max(0, m.start() - 250), m.start())):
            # "He gets 2 for age, 1 for HTN and 1 for DM": the next item of a list of the patient's
            # points, each for its finding (not the rules listed: "Chronic health points: 0 for none, 1 for mild")
            start = m.start()
        if start is None and after_points is not None:
            if _BOUND_BEFORE.search(tail) and not tail.endswith(("->", "=>")):
                continue  # "Haematocrit fall > 10 points", "a rise of at least 2 points": a cut-off in points, none given (not "-> 2 points")
            b = _BEFORE_NEEDS_POINTS.search(before)
            start = m.start() - (len(before) - b.start()) if b is not None else m.start()
        tally = concluded = False
        if start is None and last in ("=", ":") and value < 10 and tail[-2:-1] not in ("=", "<", ">", "!") and _TALLY_END.match(text, m.end()):
            b = _TALLY_NAME.search(probe)
            qualified = None
            if last == ":" and (b is None or probe.rstrip().endswith("):")) and (q := _QUALIFIED_TALLY.search(probe)) is not None and (
                    b is None or q.start() < b.start()):
                # "Cholesterol points (age 50-59, TC 200-239): 4", "SBP 139 untreated (130-139): 2": a name,
                # maybe the patient's value, and its band or group in brackets
                b = qualified = q
            decided_after = _DECIDED_AFTER.match(text, m.end())  # "1 (present)" is not "2 (eye)", a number before its name
            # A zero after a bare name ("Alcohol: 0") is decided: no item of a score's rules gives 0.
            zero = value == 0 and not any(ch.isdigit() for ch in probe[b.start():]) if b is not None else False
            # "Chronic health points: 5 (…)": the points named; not "Sum the points: 2 (age) + …"
            named = _PARENS.sub(" ", probe[b.start():]).rstrip(" \t:=?") if b is not None else ""
            named_points = b is not None and (_NAMED_POINTS.search(named) is not None or _POINTS_FOR.match(named) is not None) and not _TOTAL.search(probe, b.start())
            # "Temperature 37.2: 0", "HR 107 bpm: 2": the finding named with the patient's value, then its points
            valued = last == ":" and b is not None and _VALUE_BEFORE_COLON.search(probe, b.start()) is not None
            if (b is not None and not _TALLY_NOT_POINTS.search(probe, b.start()) and (decided_after or named_points or not _NAMED_ONE.match(text, m.start()))
                    and (last == "=" or _TALLY_DECIDED.search(probe, b.start()) or decided_after or zero or minus_given
                         or named_points or valued or qualified is not None)):
                start, tally = m.start() - (len(before) - probe.rfind(last)), True  # the name is the phrase before
        if start is None and last.isalpha() and value < 10 and (so := _SO_TALLY.search(before)) and _TALLY_END.match(text, m.end()):
            # "Fever >38.3°C: 38.2°C is below threshold, so 0.": the clause decides its finding's points
            start, tally, concluded = m.start() - (len(before) - so.start()), True, True
        if start is None:
            continue
        if after_points is None:
            if _NOT_POINTS_AFTER.match(text, m.end()):
                continue  # a value with a unit, or part of an expression
            if text[start:m.start()].strip().startswith("(") and not text[m.end():m.end() + 3].lstrip().startswith(")"):
                continue  # "(3 drinks/week" is not "(3 points)"
        if text[start] in " \t":
            start += len(text[start:]) - len(text[start:].lstrip())
        if text[m.end():m.end() + 1] == ")" and text[start] == "(":
            end = m.end() + 1
        if value > 0 and (signed or _TAKEN_AWAY.search(before) or _MINUS_GIVEN.search(before)):
            value = -value  # "we subtract 10 points" (PSI's women: age − 10), "Female sex: -10 points"
        out.append(_Found(start, end, value, tally, concluded=concluded))
        if len(out) >= MAX_MENTIONS:
            return out
    low = text.lower()
    for decided, cue, reader, points, judged in _DECIDED_ALONE:
        if cue.search(text):  # "Alcohol: no", "Stroke/TIA history? none.", "Hypertension: yes"
            for d in reader.finditer(text):
                at = d.start("sep")
                if not any(f.start <= at < f.end or at <= f.start < d.end() for f in out):
                    out.append(_Found(at, d.end("d"), points, decided=decided, judged=judged))
            out.sort(key=lambda f: f.start)
    if any(map(low.__contains__, _ZERO_HINT)):
        for z in _ZERO.finditer(text):
            at = z.start("pt") if z.group("pt") else z.start()  # "no fever point": the finding is named before "point"
            if not any(f.start <= at < f.end for f in out):
                out.append(_Found(at, z.end(), 0.0))
        out.sort(key=lambda f: f.start)
    return out[:MAX_MENTIONS]


_CLAUSE = re.compile(r"\n|\.(?=\s|$)|(?<=\s)[•·]\s")
# Case-insensitive word lists below start with a lookahead for their first letters: re leaves
# other positions at once (it has no fast literal scan under IGNORECASE); the same matches.
# "range" is the score's range ("ranges from 0 to 71"), not the patient's band ("within the normal
# range", "in the 55-60 range").
_TOTAL = re.compile(r"(?=[acefmoprst])\b(?:score\s+is|score\s+of|current\s+(?:total|score|sum|tally|count|points)|total|sum|convert\w*|overall|final|summ?ing|tally|altogether|adds?\s+up|running|maximum|max|minimum|each|every|possible|out\s+of|(?<![\d%]\s)(?<![\d%])(?<!normal\s)(?<!reference\s)(?<!\bin\sthe\s)(?<!within\sthe\s)(?<!\()ranges?)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_GENERIC = frozenset(
    "the of a an in and or to for with is are was were has had have patient patients s value level serum blood plasma count "
    "score scores scoring point points criterion criteria history present absent yes no not none mentioned known any "
    "this that there it its their his her he she be been being as at by on from than more less mild moderate severe "
    "plus add added adds adding give gives giving given get gets award awarded awarding assign assigned assigning "
    "total sum current new result finding findings sign signs "
    "symptom symptoms "
    # discourse words: "so 1 point", "which adds 1.5", "because of this, 1 point is added"
    "so which because thus therefore hence then wait actually check based making made we us our also another additional "
    "one two three four five six each per".split()
)
# Abbreviations models write for findings, read as the words they stand for (both in the phrase and
# in the calculator's vocabulary), so "recurrent deep vein thromboses" names "previous DVT".
_ABBREVIATIONS = {
    "dvt": "deep vein thrombosis", "pe": "pulmonary embolism", "vte": "venous thromboembolism", "chf": "congestive heart failure",
    "hf": "heart failure", "htn": "hypertension", "tia": "transient ischemic attack", "cva": "cerebrovascular accident stroke",
    "mi": "myocardial infarction", "cad": "coronary artery disease", "copd": "chronic obstructive pulmonary disease",
    "ckd": "chronic kidney disease", "pvd": "peripheral vascular disease", "pad": "peripheral arterial disease",
    "afib": "atrial fibrillation", "dm": "diabetes mellitus", "gi": "gastrointestinal", "ecg": "electrocardiogram",
    "ekg": "electrocardiogram", "hr": "heart rate", "rr": "respiratory rate", "sbp": "systolic blood pressure",
    "dbp": "diastolic blood pressure", "bp": "blood pressure", "gcs": "glasgow coma scale", "nsaid": "nonsteroidal anti inflammatory",
    "nsaids": "nonsteroidal anti inflammatory", "ulns": "upper limit normal", "uln": "upper limit normal",
}
# Words too general to name a finding on their own ("pressure", "rate").
_WEAK = frozenset(
    "pressure rate ratio level test tests sign signs disease diseases history use drug drugs initial recent prior previous "
    "acute chronic elevated low high abnormal normal count function failure table chart".split()
)
_RULE = re.compile(r"(?=[imnrstuw])\b(?:must|if|would|should|requires?|need(?:s|ed)?|unless|whenever|to\s+be\s+met)\b", re.I)
_NEGATION = re.compile(r"(?=[adnw])\b(?:no|not|without|absent|absence|denies|denied|negative|none)\b", re.I)
_COMPARE = re.compile(
    r"(?:(?P<op>≥|>=|≤|<=|>|<|(?:greater|more|higher|older|larger)\s+than|(?:less|lower|fewer|younger|smaller)\s+than|over|above|exceeds|exceeding|under|below|at\s+least|at\s+most)"
    r"\s*)?(?P<v>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?)\s*(?P<rng>[-–]\s*\d+(?:\.\d+)?)?",  # "<4,000": one number
    re.I,
)
_ABOVE = re.compile(r"^(?:>|(?:greater|more|higher|older|larger)\s+than|over|above|exceeds|exceeding)$", re.I)
_BELOW = re.compile(r"^(?:<|(?:less|lower|fewer|younger|smaller)\s+than|under|below)$", re.I)
MAX_MENTIONS = 400  # per trace: bounded work on adversarial text
MAX_POINTS = 99  # the largest points one criterion gives in any score (HScore's 64, ARISCAT's 24)


@dataclass(slots=True)
class Mention:
    start: int  # absolute offsets of the points text
    end: int
    points: float
    phrase: str  # the words naming the finding
    says_points: bool = False  # the word "point(s)" is written ("(2 points)"), not a bare "+2"
    component: bool = False  # "GCS motor score 3": the points of what the phrase names, if it names a criterion
    tally: bool = False  # "Hypertension = 1": a bare tally, whose number may also be the finding's value
    arrow: bool = False  # "Smoker → 2 points": the finding scored for this patient, not a list of the score's items
    recital: bool = False  # "Hypertension (1), Stroke (2), Alcohol (1)": an item of the score's rules, listed
    qualified: bool = False  # a band or group follows the points in its clause ("8 points for men 20-39")
    # "absent" or "present": the finding decided with no points written ("Alcohol: no", "Stroke? none.",
    # "Hypertension: yes"): 0, or the flag criterion's points when present (``check``)
    decided: str | None = None
    # The points written as a number right after the name ("Absence of cough: 0", "→ 0", "gives 0
    # points"), not in words or after a full clause ("Absence of cough; no change in score").
    numeral: bool = False
    # "So 1." closing an item under its heading ("Age 65-74? He is 63. So 1."): the trace's conclusion
    # for this patient, so a band the heading names is where the trace places the patient (``headed``).
    concluded: bool = False
    # A remark in brackets right after the points ("Age ≥65 → 0 points (patient is 47)").
    remark: str = ""
    # Decided in a sentence of prose ("No pleural effusion."): the patient's finding, not a sign that
    # the paragraph is a tally (``scores_patient``).
    prose: bool = False
    # Decided by a judgement of the criterion after an arrow ("Age ≥ 50: 57 → met", "Hemoptysis: no →
    # negative"): whether the criterion is met, in the wording of its rule (``check``).
    judged: bool = False

    @property
    def absent(self) -> bool:
        return self.decided == "absent"

    @property
    def present(self) -> bool:
        return self.decided == "present"


_SYNONYMS = {"years": "age", "year": "age", "old": "age", "aged": "age", "yo": "age", "elderly": "age", "ages": "age"}


_SUFFIX = re.compile(r"(?:ations?|ated|ation|ed|ing|ions?|es|s)$")


_SPELLING = ((re.compile(r"(?<=[a-z])ae(?=[a-z])|^oe"), "e"), (re.compile(r"(?<=[a-z]{3})our$"), "or"), (re.compile(r"(?<=[a-z]{3})(?:o|y)ses$"), "osis"))


@lru_cache(maxsize=8192)  # a pure function of one word; a trace's words recur (96% of calls)
def _stem(w: str) -> str:
    w = _SYNONYMS.get(w, w)
    if len(w) > 5:
        for pat, rep in _SPELLING:  # haemoptysis/hemoptysis, tumour/tumor, thromboses/thrombosis
            w = pat.sub(rep, w)
    if w.endswith(("ates", "ites", "ides")):
        w = w[:-1]  # "exudates", "nitrites", "fluorides": the word itself, as its singular is stemmed
    s = _SUFFIX.sub("", w) if len(w) > 5 else w
    return s if len(s) >= 4 else w


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _lower(text: str) -> str:
    """The text in lower case, subscript digits as digits ("CHA₂DS₂"). (translate looks up every
    character: only a text that writes a subscript digit is translated.)"""
    low = text.lower()
    if low.isascii() or not any(map(low.__contains__, "₀₁₂₃₄₅₆₇₈₉")):
        return low
    return low.translate(_SUBSCRIPTS)


_NUMBERED_ITEM = re.compile(r"\b(item|question|q)\s*#?\s*(\d{1,2})\b", re.I)
_ITEM_TOKEN = re.compile(r"[iq]item\d{1,2}")  # an item number as ``_tokens`` writes it ("q9": "qitem9")


@lru_cache(maxsize=8192)  # pure; a phrase is tokenised again by each check that reads it (40% of calls repeat)
def _tokens(text: str) -> frozenset[str]:
    low = _lower(text)
    if any(c.isdigit() for c in low):
        low = _NUMBERED_ITEM.sub(lambda m: f"{m.group(1)[0]}item{m.group(2)}", low)  # "item 3" names item 3, not any item
    words = set(_WORD.findall(low))  # each word once: a long text (a whole trace) repeats its words
    if any(w in _ABBREVIATIONS for w in words):
        words = {x for w in words for x in _ABBREVIATIONS.get(w, w).split()}
    return frozenset(_stem(w) for w in words if w not in _GENERIC and not w.isdigit())


# A step that recites the score's rules: "The components are: …", "The scoring: …", "1 point each for";
# not the patient's band ("57 mmHg is in the 55-60 range: 3 points").
_RULE_RECITAL = re.compile(
    r"(?=[bceimprs])(?:\b(?:components|(?<![A-Za-z] )component|criteria|items?|scoring|point\s+system|categories|modifications|(?<![\d%]\s)(?<![\d%])(?:bands?|ranges?))\s*(?:are|is|include|includes|for\s+\w+)?\s*:|\bpoints?\s+each\b|\beach\s+(?:worth|gives?|scores?)\b)",
    re.I,
)


@lru_cache(maxsize=8192)  # a step's text is asked again for the paragraphs around it (``scores_patient``)
def recites_rules(text: str) -> bool:
    return _RULE_RECITAL.search(text) is not None


_DIGIT = re.compile(r"\d")


def scores_patient(lines: list[tuple[int, str]], paragraph: str, calc: Calculator) -> bool:
    """Does a paragraph (``lines``: its steps, each with its offset in ``paragraph``) score this
    patient rather than recite the score's rules? It gives a criterion named alone no points
    ("- Diabetes: 0 points", "| Hypertension | 0 |"): a list of the rules never gives a finding none,
    a tally of the patient's findings does. A paragraph that says it recites the rules ("The
    criteria are: …") does not. Each line is read as the verifier reads its step (cached)."""
    if any(recites_rules(text) for _, text in lines):
        return False
    mentions = []
    bare_lines = {}  # criterion key -> (points, most it gives) of the lines that are only a name and a number
    for at, text in lines:
        found = _mentions_at_zero(text)  # offsets unused
        mentions += found
        if text.lstrip()[:1] == "|" and (row := _table_row(text, 0, paragraph[max(0, at - TABLE_REACH) : at])) is not None:
            mentions.append(row)  # a markdown table's row (``_table_row``)
        elif not found and (bare := bare_tally(text, 0, calc)) is not None:
            mentions.append(bare)  # "3. Diabetes mellitus — 0"
            if (crit := criterion_named(calc, bare.phrase)[0]) is not None:
                bare_lines[crit.key] = (bare.points, crit.maximum)
    for m in mentions:
        if m.points != 0 or m.recital or m.prose or _DIGIT.search(m.phrase):
            continue
        crit = criterion_named(calc, m.phrase)[0]
        if crit is not None and crit.minimum == 0 < crit.maximum and _finding(calc, crit) and _names_only(calc, crit, m.phrase):
            return True  # (a finding: a rule list gives a choice none, "Sex category (male): 0")
    # A list of three or more of the score's criteria, each with one number ("1. History — 0", "2. ECG — 1",
    # "3. Age — 2"), one of them a grade between none and its most (a rule list gives each its most, or a
    # choice none): the patient's tally of a graded score.
    return len(bare_lines) >= 3 and any(0 < p < most for p, most in bare_lines.values())


def is_rule(phrase: str) -> bool:
    """Does the clause state the score's rule ("must be true for this criterion to be met") rather
    than points given to this patient?"""
    return _RULE.search(phrase) is not None


def finding_words(phrase: str) -> frozenset[str]:
    """The content words of a mention's phrase: two mentions with the same words restate one judgement."""
    return _tokens(phrase)


def word_stems(text: str) -> list[tuple[int, int, str, str]]:
    """Every word of the text: (start, end, the word lowercase, its stem as ``finding_words`` reads
    it); an abbreviation gives one entry per word it stands for ("dvt": deep, vein, thrombosis)."""
    low = _lower(text)
    return [(m.start(), m.end(), w, _stem(x)) for m in _WORD.finditer(low) for w in (m.group(),)
            for x in _ABBREVIATIONS.get(w, _ABBREVIATIONS.get(w[:-1], w) if w.endswith("s") else w).split()]  # "DVTs"


def read(text: str, offset: int = 0) -> list[Mention]:
    """Points mentions in one step, each with the phrase of its clause."""
    # Templated steps recur across traces: read each text once (offsets shifted per use).
    return [Mention(m.start + offset, m.end + offset, m.points, m.phrase, m.says_points, m.component, m.tally, m.arrow, m.recital, m.qualified, m.decided, m.numeral,
                    m.concluded, m.remark, m.prose, m.judged) for m in _mentions_at_zero(text)]


def _mentions_at_zero(text: str) -> tuple[Mention, ...] | list[Mention]:
    """``read`` at offset 0, shared: callers must not change what it returns."""
    text = _unbold(text)
    if len(text) > 2000:
        return _read(text, 0) if _might_have_points(text) else []
    return _read_cached(text)


# A sentence that only says a finding is absent: "No pleural effusion.", "There is no ascites.", "The
# patient has no history of stroke.", "Pleural effusion is not present." (no points, no other words).
_PROSE_ABSENT = re.compile(
    r"[ \t]*+(?:[-•*][ \t]*+)?(?:(?:the\s+patient\s+(?:has|had)|there\s+(?:is|was|are|were))\s+)?no\s+(?P<name>[A-Za-z][A-Za-z' /-]{2,40}?)"
    r"(?:\s+(?:is|are|was|were)\s+(?:reported|mentioned|documented|noted|described|present|seen))?[ \t]*\.?[ \t]*"
    r"|[ \t]*+(?:[-•*][ \t]*+)?(?P<name2>[A-Za-z][A-Za-z' /-]{2,40}?)\s+(?:is|was|are|were)\s+(?:not\s+present|absent|not\s+seen|not\s+noted)[ \t]*\.?[ \t]*", re.I)


_NOT_FINDINGS = ("mention mentions data information info evidence change changes other others further additional details "
                 "record records suggestion indication report documentation")  # "No mention (of stroke).", "No other data." (as _tokens reads them)


_EACH_FOR = re.compile(r"\s+each\s+for\b\s*:?\s*(?:the\s+following\s*:?\s*)?", re.I)
_EACH_ITEM = re.compile(r"\s*(?:,|;|\band\b|\bor\b|\(\d\)|\d\))\s*", re.I)
_BOLD_INITIAL = re.compile(r"(?:\*\*|__)([A-Za-z0-9₂]{1,3})(?:\*\*|__)(?=[a-z])")


def _unbold(text: str) -> str:
    """Markdown emphasis out of the way, offsets kept: a mnemonic's letter in bold ("**E**lderly",
    HAS-BLED's E) is joined to its word; other emphasis ("→ **+1**") is blanked."""
    if "**" in text or "__" in text:
        text = _BOLD_IN_BRACKETS.sub(lambda m: "    (" + m.group(1) + ")", text)  # "Yes (**1**)": the points in their brackets
        return _BOLD_INITIAL.sub(lambda m: "    " + m.group(1), text).replace("**", "  ").replace("__", "  ")
    return text


_BOLD_IN_BRACKETS = re.compile(r"\((?:\*\*|__)([^*_()\n]{1,12})(?:\*\*|__)\)")


@lru_cache(maxsize=8192)
def _read_cached(text: str) -> tuple[Mention, ...]:
    if len(text) <= 80 and (p := _PROSE_ABSENT.fullmatch(text)) is not None:
        # "No pleural effusion.", "Pleural effusion is not present.": the finding decided absent in prose
        g = "name" if p.group("name") else "name2"
        if _tokens(p.group(g)) - _GENERIC - _tokens(_NOT_FINDINGS) and not _tokens(p.group(g).split()[0]) & _tokens(_NOT_FINDINGS):
            return (Mention(p.start(g), p.end(g), 0.0, p.group(g), decided="absent", prose=True),)
    return tuple(_read(text, 0)) if _might_have_points(text) else ()


# A sum of points each written before its criterion's name in brackets: "2 (eye) + 1 (verbal) +
# 2 (motor) = 5", "1 (bilirubin) + 2 (albumin) + …": each number belongs to the name after it.
_NAMED_TERM = r"(\d{1,2}(?:\.\d)?)\s*\(([A-Za-z][^()\d]{0,40})\)"
_NAMED_SUM = re.compile(_NAMED_TERM + r"(?:\s*\+\s*" + _NAMED_TERM + r")+")
_NAMED_ONE = re.compile(_NAMED_TERM)


_FOR_AFTER = re.compile(r"\s+(?:each\s+)?for\s+[a-z]", re.I)
# Points each followed by its finding, in a list: "scores 2 for age (≥75), 1 for HTN and 1 for DM".
_NEXT_FOR_ITEM = re.compile(r";|:\s|,\s*+(?:and\s++)?(?=\+?\d)|(?<!\s)\s++and\s++(?=\+?\d)")  # (a run of spaces tried once, from its start)
_FOR_ITEM_BEFORE = re.compile(r"(?<![\w.])\d{1,2}(?:\.\d)?\s*(?:points?|pts?)?\s+for\s+[^,;.\n]{1,40}?(?:,\s*(?:and\s+)?|\s+and\s+)$", re.I)
_FOR_LIST_SCORED = re.compile(r"\b(?:scores?|scoring|gets?|getting|receives?|receiving|earns?|earning)\s+\+?\d{1,2}(?:\.\d)?\s*(?:points?|pts?)?\s+for\s+"
                              r"(?:[^;.\n]|\.\d){1,200}$", re.I)
_FOR_ITEM_AFTER = re.compile(r"\s*+(?:(?:points?|pts?)\s++)?(?<=\s)for\s++[a-z]", re.I)
# The clause before a points mention introduces the score's items ("The Centor criteria …:"), it names no finding.
_RECITAL_HEAD = re.compile(r"(?:criteria|components?|items?|scoring|score|rule)\b[^:.]{0,60}:?\s*$", re.I)
_DECIDED_SAID = re.compile(r"\A\W*" + _DECISION + r"\b", re.I)
_MAPS_TO = re.compile(r"\s*+(?:=>|->|→|⇒|=)\s*+[<>≤≥]?\s*+\d")  # "12 points => 6-9%": a total mapped to its risk
_ARROW_END = re.compile(r"(?:=>|->|→|⇒)\s*$")  # (no leading spaces in the pattern: searched, it would rescan a run of them from each position)
_CONVERTED = re.compile(r"\s*(?:corresponds?|correspond(?:ing)|translates?|equates?|maps?)\s+to\b", re.I)
# "10-year risk for men with 8 points", "patients with a score of 3": who has that total, not an item's points.
_WITH_TOTAL = re.compile(r"\b(?:men|women|males?|females?|patients?|people|persons?|those|someone|anyone|individuals?|adults?|children|risk)\b"
                         r"[^.;:]{0,30}\bwith(?:\s+(?:a|the)\s+(?:total|score|sum)(?:\s+of)?)?\s*$", re.I)


# Points written after each criterion's name in a list or a sum, as thinking tallies: "So points:
# encephalopathy 1, ascites 0, bilirubin 1 = total 6", "Sum: History 1 + ECG 0 + Age 1 = 2". Read only
# after a head that says these are points, or as a sum of two or more named terms ending in "= N"
# ("INR 1.9, albumin 3.2" is a list of values).
_ITEM = r"[A-Za-z][A-Za-z'/-]*(?:\s+[A-Za-z'/-]+){0,3}\s+\d{1,2}(?:\.\d)?(?![\d.%/]|\s*(?:mg|kg|g\b|mmol|mEq|years?|x\b|×|\*|°))"
_NAMED_ITEM = re.compile(r"(?P<name>[A-Za-z][A-Za-z'/-]*(?:\s+[A-Za-z'/-]+){0,3})\s+(?P<n>\d{1,2}(?:\.\d)?)")
# (At most 20 terms: a score has fewer items, and the bound keeps the search linear on adversarial text.)
_POINTS_LIST = re.compile(r"\b(?:points?|scores?|sum|tally)\s*:\s*(" + _ITEM + r"(?:\s*,\s*" + _ITEM + r"){1,20})", re.I)
_POINTS_SUM = re.compile(r"(?<![\w+])(" + _ITEM + r"(?:\s*\+\s*" + _ITEM + r"){1,20})\s*=\s*\d")
_NOT_ITEM = frozenset("total sum score points point so thus answer final".split())


# A list of the score's items, each with its points in brackets: "Hypertension (1), Abnormal renal/liver
# function (1 each), Stroke (1), …, Alcohol (2)". Two such items at least, joined by commas; read as
# the rules (only points a criterion can never give are wrong there).
# (The name ends in no space and the spaces after it are read once: a long run of spaces after a word
# was read again for every length of the name, at every word.)
_PAREN_NAME = r"[A-Za-z](?:[A-Za-z0-9 /'<>≥≤-]{0,39}?[A-Za-z0-9/'<>≥≤-]| )(?:\s*+\([A-Za-z][^()\d]{0,30}\))?"  # "Drugs (anticoagulants)"
_PAREN_POINTS = r"\s*+\(\s*+(?P<n>\d{1,2}(?:\.\d)?)\s*+(?:points?|pts?|each)?\s*+\)"
_PAREN_ITEM_TEXT = _PAREN_NAME + _PAREN_POINTS.replace("?P<n>", "?:")
_PAREN_LIST = re.compile(r"(?<![\w(])" + _PAREN_ITEM_TEXT + r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+[-•]\s+)" + _PAREN_ITEM_TEXT + r"){1,20}")
_PAREN_ITEM = re.compile(r"(?P<name>" + _PAREN_NAME + r")" + _PAREN_POINTS)
_PAREN_SAYS_POINTS = re.compile(r"\(\s*\d{1,2}(?:\.\d)?\s*(?:points?|pts?|each)\s*\)", re.I)
# Before such a list, what says it lists the score's rules: "HAS-BLED:", "the criteria", "scoring".
_RECITAL_CUE = re.compile(r"(?i:\b(?:scores?|scoring|criteria|components?|items?|points?|rules?|includes?)\b)|\b[A-Z][A-Za-z0-9₂]*[A-Z][\w₂-]*\s*:")
_PAREN_CUE = re.compile(r"\(\s*\d{1,2}(?:\.\d)?\s*(?:points?|pts?|each)?\s*\)\s*,")


# A running total written as an item added: "Add age 5 => 13", "plus GCS points 3 -> 16".
_ADD_RUNNING = re.compile(r"\b(?:add(?:ing)?|plus)\s+(?P<name>[A-Za-z][A-Za-z'/-]*(?:\s+[A-Za-z'/-]+){0,3}?)\s+(?P<n>\d{1,2}(?:\.\d)?)"
                          r"\s*(?:points?|pts?)?\s*(?:=>|->|→|⇒)\s*\d{1,3}(?:\.\d)?(?!\d|\.\d)", re.I)


_ADD_FOR_RUNNING = re.compile(r"\b(?:add(?:ing)?|plus)\s+(?P<n>\d{1,2}(?:\.\d)?)\s*(?:points?|pts?)?\s+for\s+(?P<name>[A-Za-z][A-Za-z'/-]*(?:\s+[A-Za-z'/-]+){0,3}?)"
                              r"\s*(?:=>|->|→|⇒)\s*\d{1,3}(?:\.\d)?(?!\d|\.\d)", re.I)  # "Add 5 for age => 13"


def _named_lists(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, points, name) of every item of a named points list or sum in the text."""
    out = []
    for pat in (_POINTS_LIST, _POINTS_SUM):
        for lm in pat.finditer(text):
            for it in _NAMED_ITEM.finditer(text, lm.start(1), lm.end(1)):
                name = it.group("name").strip()
                if name.split()[-1].lower() in _NOT_ITEM:
                    continue
                out.append((it.start("n"), it.end("n"), float(it.group("n")), name))
    return out


def _read(text: str, offset: int) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []  # numbers read as named terms: not read again below
    for sm in _NAMED_SUM.finditer(text) if "(" in text else ():
        taken.append((sm.start(), sm.end()))
        for t in _NAMED_ONE.finditer(text, sm.start(), sm.end()):
            out.append(Mention(offset + t.start(1), offset + t.end(1), float(t.group(1)), t.group(2).strip()))
    if "(" in text and ("," in text or " - " in text or "• " in text):  # items joined by commas, or list dashes on one line
        for lm in _PAREN_LIST.finditer(text):  # "Hypertension (1), …, Alcohol (2)": the rules, listed
            if not (_PAREN_SAYS_POINTS.search(lm.group()) or _RECITAL_CUE.search(text, max(0, lm.start() - 80), lm.start())):
                continue  # "INR (1.2), bilirubin (2)": values in brackets, not the score's rules
            for it in _PAREN_ITEM.finditer(text, lm.start(), lm.end()):
                if not any(x <= it.start("n") < y for x, y in taken):
                    out.append(Mention(offset + it.start("n"), offset + it.end("n"), float(it.group("n")), it.group("name").strip(), True, recital=True))
            taken.append((lm.start(), lm.end()))
    if ":" in text or "+" in text:
        for a, b, points, name in _named_lists(text):
            if not any(x <= a < y for x, y in taken):
                out.append(Mention(offset + a, offset + b, points, name))
                taken.append((a, b))
    if "=>" in text or "->" in text or "→" in text or "⇒" in text:
        for am in (*_ADD_RUNNING.finditer(text), *_ADD_FOR_RUNNING.finditer(text)):
            if not any(x <= am.start("n") < y for x, y in taken):
                # "Add age 5 => 13": the item's points, then the running total (no item's points)
                out.append(Mention(offset + am.start("n"), offset + am.end("n"), float(am.group("n")), am.group("name").strip(),
                                   "point" in am.group().lower() or "pt" in am.group().lower(), tally=True))
                taken.append((am.start(), am.end()))
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    matches = [m for m in _mentions(text) if not any(x <= m.start < y for x, y in taken)]
    named_to = -1  # where the last name read after its points ends
    for k, m in enumerate(matches):
        value = m.value
        if abs(value) > MAX_POINTS:
            continue  # not criterion points (a score's own largest item is checked in ``check``)
        if _CONVERTED.match(text, m.end):
            continue  # "11 points corresponds to 6-8 %": a total read off a table, not an item's points
        lo = max(b for b in bounds if b <= m.start)
        hi = min((b for b in bounds if b >= m.end), default=len(text))
        prev_end = matches[k - 1].end if k and matches[k - 1].end > lo else lo
        # After points already read as a list's items ("… Sex category (female) (1) We have: Age 83
        # => 2 points"): the phrase starts where the list ends.
        prev_end = max([prev_end, *(y for x, y in taken if prev_end < y <= m.start)])
        if prev_end < named_to <= m.start:
            prev_end = named_to  # "2 points for age, 1 point for HTN": "for age" named the points before
        phrase = text[prev_end : m.start]
        if _WITH_TOTAL.search(phrase) or ("+" in phrase and _SUM_BEFORE.search(phrase)):
            continue  # "… fever and purulent exudates, giving 1+1=2 points": a sum of items, not one item's points
        if _ROW_CUE.search(phrase):
            # "Systolic BP points (if untreated): - <120: 0 - … - >=160: 4 SBP 131 => 2 points": the
            # table recited before is the rule (``table_rows``); the points are the finding's after it.
            # The table's head names the finding ("PaO2/FiO2: - >400: 0 … Our ratio 142.6 => 3"); its
            # bracketed qualifier is the table's ("(if untreated)"), not this patient's.
            rows = [(r.start(), r.end()) for r in _ROW_OR_LISTED.finditer(phrase)]
            if rows and _tokens(phrase[rows[-1][1] :]):
                phrase = _PARENS.sub(" ", phrase[: rows[0][0]]) + " " + phrase[rows[-1][1] :]
        if "=" in phrase:
            # "S - Stroke history (prior stroke/TIA) = 0 B - Bleeding history … = 0 E - Elderly (age >65)
            # = 1 point": items scored before on the same line are not this one's finding.
            done = [t.end() for t in _EARLIER_ITEM.finditer(phrase)]
            if done and _tokens(phrase[done[-1] :]):
                phrase = phrase[done[-1] :]
        said = text[m.start : m.end].lower()
        if "point" in said and (each := _EACH_FOR.match(text, m.end)):
            # "1 point each for tonsillar exudates, tender anterior cervical lymphadenopathy, fever
            # >38.3°C, absence of cough": the rule, for every finding listed.
            listed = _LIST_END.split(text[each.end() : hi], maxsplit=1)[0]
            for item in _EACH_ITEM.split(listed)[:20]:
                if _tokens(item):
                    out.append(Mention(offset + m.start, offset + m.end, value, item.strip(" ,:;-–—"), True, recital=True))
            continue
        if not _tokens(phrase) and _TOTAL.search(phrase):
            continue  # "Total = 9.0 points → high probability, PE likely": the total, then what it means
        if not _tokens(phrase) or ("point" in said and _FOR_AFTER.match(text, m.end) and _RECITAL_HEAD.search(phrase)):
            # "+1 for hypertension", "…criteria: 4 points for tonsillar exudates": the finding follows
            nxt = matches[k + 1].start if k + 1 < len(matches) and matches[k + 1].start < hi else hi
            after = text[m.end : nxt]
            if _tokens(phrase):
                after = re.split(r"[,;]", after, maxsplit=1)[0]  # "4 points for tonsillar exudates, 3 for …": this item only
            after = _NEXT_FOR_ITEM.split(after, maxsplit=1)[0]  # "2 for age (≥75), 1 for HTN", "2 for CKD: total 9": this item only
            if _tokens(after) and not _TOTAL.search(after) and not _MAPS_TO.match(after):  # not "we add 5 to the total", "12 points => 6-9%"
                phrase = after
                named_to = m.end + len(after)  # the name belongs to these points, not to the next ones
        if "between" in phrase.lower():
            phrase = _BETWEEN.sub(r"\1-\2", phrase)  # "Ages between 75 and 90 add 1 point": the band 75-90, one part
        # "Smoker → 2 points", "Hypertension: present, 1 point": the finding decided for this patient
        arrow = _ARROW_END.search(phrase) is not None or said.startswith(("→", "->", "=>", "⇒")) or _DECIDED_SAID.search(said) is not None
        named = _ARROW_END.sub("", phrase)
        named = named.rstrip() if len(named) != len(phrase) else named  # the spaces before the arrow go with it
        out.append(Mention(offset + m.start, offset + m.end, value, named.strip(" ,:;-–—"), "point" in said or "pts" in said,
                           said.startswith(("score", "sub")) and m.start > 0 and text[m.start - 1].isspace(), m.tally, arrow, decided=m.decided,
                           numeral=_DIGIT.search(said) is not None and not said.lstrip().startswith((";", ".")), concluded=m.concluded, judged=m.judged))
    if out and "doubl" in text.lower():
        for found in out:
            d = _DOUBLED_TO.match(text, found.end - offset)
            if d is not None and float(d.group(1)) == 2 * found.points and not any(o.start - offset <= d.start(1) < o.end - offset for o in out):
                found.points = float(d.group(1))  # "= 3, doubled for acute renal failure: 6": the doubled points are the finding's
    if len(out) > 1 and ("doubl" in text.lower() or any(map(text.__contains__, ("x2", "×2", "x 2", "× 2", "* 2", "times 2")))):
        out = _doubled(out)
    if len(out) > 1 and "add" in text.lower():
        out = _without_running_totals(out)
    for found in out:
        found.qualified = _QUALIFIED_AFTER.match(text, found.end - offset) is not None
        if (r := _REMARK_AFTER.match(text, found.end - offset)) is not None:
            found.remark = r.group(1)
        if _EACH_AFTER.match(text, found.end - offset):
            found.recital = True  # "D covers drugs and alcohol, one point each": the rule recited, no points given
    return sorted(out, key=lambda x: x.start) if taken else out


# (anywhere in the clause that gives the doubled points: "), doubled for acute renal failure → 6",
# "and acute renal failure doubles creatinine points → 4")
_DOUBLING = re.compile(r"\bdoubl(?:e|es|ed|ing)\b|(?:^|\s)(?:[x×*]|times)\s*2\b", re.I)


_DOUBLED_TO = re.compile(r"[^.;\n]{0,12}?\bdoubl\w*[^.;\n:=→|\d]{0,40}(?::|=|→|->|=>|\bto\b|\|)\s*\**\s*(\d{1,2})(?![\d.])", re.I)  # ("doubled to 6"; "= 3, doubled for ARF | 6 |": the next cell)
_ADDING = re.compile(r"\W*(?:and\s+|then\s+)?add(?:ing|s)?\b", re.I)


def _without_running_totals(found: list[Mention]) -> list[Mention]:
    """"Adding the age and surgery points gives 3, adding bed rest gives 4, adding the DVT history
    gives 7": each number is the total so far (rising), not the points of the finding added."""
    adds = [m for m in found if _ADDING.match(m.phrase) and not m.says_points]
    if len(adds) < 2 or any(a.points >= b.points for a, b in zip(adds, adds[1:], strict=False)):
        return found
    return [m for m in found if m not in adds]


def _doubled(found: list[Mention]) -> list[Mention]:
    """"Creatinine 4.58 mg/dL → 4 points, doubled for acute renal failure → 8 points": the points
    doubled are the finding's; the ones before the doubling are a step on the way."""
    out: list[Mention] = []
    for m in found:
        if out and not m.tally and _DOUBLING.search(m.phrase) and out[-1].phrase and not _DOUBLING.search(out[-1].phrase):
            first = out.pop()
            m.phrase = f"{first.phrase} {m.phrase}"
        out.append(m)
    return out


# A sum of items just before the points ("giving 1+1=2 points"): their total, not one item's.
_SUM_BEFORE = re.compile(r"(?<![\w.])\d{1,2}(?:\.\d)?(?:\s*\+\s*\d{1,2}(?:\.\d)?)+\s*=?\s*$")
# An item scored earlier in a clause, a new item starting after it (a capital): "… = 0 B - Bleeding …".
_EARLIER_ITEM = re.compile(r"=\s*[-+]?\d{1,2}(?:\.\d)?\s*(?:points?|pts?)?\s+(?=[A-Z])(?!(?i:points?|pts?)\b)")
# A band or a group after the points, in their clause: "8 points for men 20-39", "(age 40-49)".
_REMARK_AFTER = re.compile(r"[ \t]*+(?:points?|pts?)?[ \t]*+\(([^()\n]{1,60})\)")
_QUALIFIED_AFTER = re.compile(r"[^.;\n]{0,20}?(?:\b(?:for|in|if|among|aged?)\b[^.;\n]{0,30}?(?:\d|\b(?:men|women|males?|females?)\b)|\(\s*(?:age|aged)\b)", re.I)


# A sentence that only gives points ("So 0.", "That's 1.", "=> 2 points.") under an item's heading,
# as thinking scores a list: "- Alcohol: He averages 9 drinks per week. … So does not meet threshold.
# So 0.": the points of the finding the heading names (``headed``).
_BARE_POINTS = re.compile(
    r"\A\W{0,3}(?:(?:so|thus|hence|therefore)(?:\s+(?:the\s+)?(?:score|points?)(?:\s+(?:is|=))?)?|that(?:'s|\s+is|\s+gives)|(?:this|it)\s+(?:gives|adds|scores)|which\s+(?:is|gives)|score|points?|yes|present|=>|->|→"
    r"|(?=\+?\d{1,2}(?:\.\d)?\s*(?:points?|pts?)\b))\s*+[:=,]?\s*+\+?"  # (or the points alone with their word: "0 points.")
    r"(?P<n>\d{1,2}(?:\.\d)?|zero|one|two|three)(?:\s*+(?:points?|pts?))?(?:\s++(?:for\s+(?:that|this|it)(?:\s+(?:one|item|criterion))?|here))?\s*+[.!]?\s*\Z", re.I)
# An item's heading: its name, then a colon, at a line's or a sentence's start or after a list dash.
_HEADING = re.compile(r"(?:\A|\n|[.!?]\s+|\s[-•*]\s+)(?:[-•*]\s*|\d{1,2}[.)]\s*)?(?P<name>[A-Za-z](?:[A-Za-z0-9 '/<>≥≤-]|(?<=\d)\.(?=\d)){1,50}?)\s*[:?]\s")
HEADING_REACH = 300  # characters before a bare points sentence searched for its item's heading
_HEADING_RULE = re.compile(r"\s*(?:[<>≤≥]=?|>=|<=)\s*\d")  # a heading's rule after its item's name


# "Age 0 (<55).", "Risk factors 1 (diabetes, hypertension).": a sentence that is one item of a
# points list, its reason in brackets; read after a head that says points follow ("So assign
# points: History 1 (…).") or after another such item.
_ITEM_SENTENCE = re.compile(r"\A\W{0,3}(?P<name>[A-Za-z][A-Za-z '/-]{1,40}?)\s+(?P<n>\d{1,2}(?:\.\d)?)\s*\([^()]{1,80}\)\s*[.;]?\s*\Z")
_ITEM_SIBLING = re.compile(r"(?:\bpoints?\s*:|[A-Za-z]\s+\d{1,2}(?:\.\d)?\s*\([^()]{1,80}\)\s*[.;])[^.]*\Z", re.I)


def headed(text: str, offset: int, trace: str, calc: Calculator) -> Mention | None:
    """A step (``text``, at ``offset`` in ``trace``) that is only points, named by what the trace
    writes before it: ``_bare_points``, ``_item_sentence`` or a markdown table's row (``_table_row``)."""
    if text.lstrip()[:1] == "|":
        return _table_row(text, offset, trace[max(0, offset - TABLE_REACH) : offset])
    short, bracketed = len(text) <= 40, text.rstrip(" .;").endswith(")")  # "So 0.", "That's 1 point."; "Age 0 (<55)."
    anaphor = _ANAPHOR.match(text) is not None
    before = trace[max(0, offset - HEADING_REACH) : offset]
    if not (short or bracketed or anaphor):
        return _concluded_under_heading(text, offset, before, calc)
    if anaphor and not short:
        return _anaphoric(text, offset, before, calc)
    found = _bare_points(text, offset, before, calc) if short else None
    if found is None and anaphor:
        found = _anaphoric(text, offset, before, calc)  # "That's below 30, so 1."
    if found is None and short:
        found = _band_row(text, offset, before, calc)
    if found is None and short and (so := _SO_NAMED.match(text)) is not None and _one_criterion(calc, so.group("name"), number_value(so.group("n"))):
        # "So age 2.", "Thus HTN 1.": a conclusion that names its criterion, then its points (a number
        # that is the patient's value instead, "So age 52", is not judged: ``_tally_is_value``)
        found = Mention(offset + so.start("n"), offset + so.end("n"), number_value(so.group("n")), so.group("name"), "point" in text[so.end("n"):].lower(),
                        tally=True, arrow=True)
    return found if found is not None or not bracketed else _item_sentence(text, offset, before, calc)


_SO_NAMED = re.compile(r"\A\W{0,3}(?:so|thus|hence|therefore)\s+(?P<name>[A-Za-z][A-Za-z'/-]{1,20}(?:\s+[A-Za-z][A-Za-z'/-]{1,20}){0,2})"
                       r"\s+\+?(?P<n>\d{1,2}(?:\.\d)?)(?:\s*+(?:points?|pts?))?\s*+[.!]?\s*\Z", re.I)


# A band and its points alone ("For 160-199: 1 point.", "120-139: 1 point.", ">=75: 2"), right after
# the sentence that names its criterion with the patient's value ("Total cholesterol 170 mg/dL.").
_BAND_ROW = re.compile(r"\A\W{0,3}(?:for\s+)?(?P<band>(?:[<>≤≥]=?\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?)(?:\s*[A-Za-z/%]{1,8})?)"
                       r"\s*(?:[:=]|→|->|=>)\s*\+?(?P<n>\d{1,2}(?:\.\d)?)\s*(?:points?|pts?)?\s*[.;]?\s*\Z", re.I)
BAND_ROW_SENTENCES = 2  # sentences before a band row searched for the criterion it scores


def _band_row(text: str, offset: int, before: str, calc: Calculator) -> Mention | None:
    """A band row's points (``_BAND_ROW``) for the criterion named alone by the nearest of the
    sentences just before it (same paragraph; "Age 50-59 group.", which names several, is passed
    over); None otherwise."""
    m = _BAND_ROW.match(text)
    if m is None:
        return None
    # (another row closed it, or points were given before it: the rows of a table recited)
    crit = _named_just_before(before, calc, BAND_ROW_SENTENCES, stop=lambda sentence: bool(_BAND_ROW.match(sentence.strip()) or read(sentence)))
    if crit is None:
        return None
    return Mention(offset + m.start("n"), offset + m.end("n"), float(m.group("n")), f"{crit.label} {m.group('band')}",
                   "point" in text[m.end("n"):].lower(), arrow=True)


def _named_just_before(before: str, calc: Calculator, sentences: int, stop=None):
    """The point item named alone by the nearest of the last ``sentences`` sentences of ``before``
    (same paragraph; a sentence that names several or none is passed over); None when there is
    none, or when ``stop`` holds for a sentence met first."""
    para = before[before.rfind("\n\n") + 1 :] if "\n\n" in before else before
    for sentence in reversed([x for x in _SENTENCE_END.split(para.rstrip()) if x.strip()][-sentences:]):
        if stop is not None and stop(sentence):
            return None
        names = named_in(calc, sentence)
        if len(names) == 1:
            return next((c for c in point_items(calc) if c.key in names), None)
    return None


# "This falls in the 70–109 range, which scores 0 points." after "Heart rate: 107 bpm.": a sentence
# that scores what the sentence before it names.
_ANAPHOR = re.compile(r"\A\W{0,3}(?:this|that|it|which|these)(?:'s|’s)?\s+(?!is\s+(?:the\s+)?(?:total|sum|score)\b)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def refers_back(text: str, mentions: list[Mention], calc: Calculator) -> bool:
    """Does the step open with "This"/"That"/"It" and its points name no criterion of this score (so
    the sentence before it says what is scored, ``headed``)?"""
    return (_ANAPHOR.match(text) is not None or _CONCLUDES_POINTS.search(text) is not None) and not any(named_in(calc, m.phrase) for m in mentions)


def _anaphoric(text: str, offset: int, before: str, calc: Calculator) -> Mention | None:
    """The one points mention of a sentence that opens with "This"/"That"/"It", scored for the one
    criterion the sentence right before it names (same paragraph); None otherwise."""
    found = [m for m in read(text, offset) if m.points is not None and not m.decided]
    if len(found) != 1:
        return None
    crit = _named_just_before(before, calc, 1)
    if crit is None:
        return None
    m = found[0]
    m.phrase = f"{crit.label}: {m.phrase}"
    return m


# A markdown table: "| Criterion | Patient | Points |", "|---|---|---|", then a row per finding.
_TABLE_ROW = re.compile(r"\A\s*\|(?P<cells>.*)\|\s*\Z")
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$", re.M)
_POINTS_HEADER = re.compile(r"\b(?:points?|pts|score)\b", re.I)
_CELL_POINTS = re.compile(r"\A\+?(?P<n>-?\d{1,2}(?:\.\d)?)\s*(?:points?|pts?)?\Z", re.I)
TABLE_REACH = 3000  # characters before a row searched for its table's header


def _table_row(text: str, offset: int, before: str) -> Mention | None:
    """A row of a markdown table whose header names a points column ("| Hypertension | Yes | 1 |"):
    the points of the finding its other cells name. A row with a column besides the finding's name
    and its points (what the patient has) decides the finding for this patient; without one, the
    table lists the score's rules."""
    row = _TABLE_ROW.match(_unbold(text))  # ("| **S**troke | TIA | 1 |")
    if row is None:
        return None
    rules = list(_TABLE_RULE.finditer(before))
    if not rules:
        return None
    head_end = before.rfind("\n", 0, rules[-1].start())
    header = before[before.rfind("\n", 0, max(head_end, 0)) + 1 : head_end].strip() if head_end > 0 else ""
    head = _TABLE_ROW.match(header)
    if head is None or "\n\n" in before[rules[-1].end():]:
        return None
    names = [c.strip() for c in head.group("cells").split("|")]
    cells = row.group("cells").split("|")
    if len(cells) != len(names):
        return None
    column = next((k for k, name in enumerate(names) if _POINTS_HEADER.search(name)), None)
    if column is None:
        return _table_decision(text, offset, names, cells)
    m = _CELL_POINTS.match(cells[column].strip().strip("*_ "))
    if m is None:
        return None
    others = [_item_numbered(c.strip(), names[k]) for k, c in enumerate(cells) if k != column and c.strip()]
    if not others:
        return None
    at = offset + _cell_start(text, cells, column)
    return Mention(at + m.start("n"), at + m.end("n"), float(m.group("n")), _row_phrase(others), True, arrow=len(others) > 1)


_ITEM_NUMBER_HEADER = re.compile(r"\A\W*(?:#|no\.?|num(?:ber)?|items?|q(?:uestion)?s?)?\W*\Z", re.I)


def _item_numbered(cell: str, header: str) -> str:
    """A questionnaire's item number in its own column ("| 10 | Others worried … | No | 0 |" under "| # |",
    "| Question |"): "Item 10", which names the item, not the number 10."""
    return f"Item {cell}" if cell.isdigit() and len(cell) <= 2 and _ITEM_NUMBER_HEADER.match(header) else cell


def _cell_start(text: str, cells: list[str], column: int) -> int:
    """Where the text of a row's cell starts in the row (after its spaces and bold marks)."""
    at = text.index("|") + 1 + sum(len(c) + 1 for c in cells[:column])
    return at + len(cells[column]) - len(cells[column].lstrip(" *_"))


def _row_phrase(others: list[str]) -> str:
    """The finding a row names: its first cell, the others after a colon ("Age ≥ 50: 47")."""
    return others[0] + (": " + ", ".join(others[1:]) if len(others) > 1 else "")


# A table column that says whether each criterion holds ("| PERC criterion | Patient | Positive? |",
# "| Criterion | Met? |") and a cell deciding it ("Yes", "No", "✓").
_DECISION_HEADER = re.compile(r"\A\W*(?:positive|present|met|meets?(?:\s+criterion)?|criterion\s+met|fulfilled|satisfied|y\s*/\s*n|yes\s*/\s*no)\W*\Z", re.I)
_CELL_DECIDED = {"yes": "present", "y": "present", "present": "present", "positive": "present", "met": "present", "✓": "present", "✔": "present",
                 "no": "absent", "n": "absent", "absent": "absent", "negative": "absent", "not met": "absent", "✗": "absent", "✘": "absent"}


def _table_decision(text: str, offset: int, names: list[str], cells: list[str]) -> Mention | None:
    """A row of a table whose header has a column deciding each criterion, and no points column
    ("| Heart rate ≥ 100 | 92 | No |"): the finding its other cells name, decided present or absent
    for this patient (its points are the criterion's, ``check``)."""
    column = next((k for k, name in enumerate(names) if _DECISION_HEADER.match(name)), None)
    if column is None:
        return None
    cell = cells[column].strip().strip("*_ ").rstrip(".")
    decided = _CELL_DECIDED.get(cell.lower())
    others = [c.strip() for k, c in enumerate(cells) if k != column and c.strip()]
    if decided is None or not others:
        return None
    at = offset + _cell_start(text, cells, column)
    return Mention(at, at + len(cell), 1.0 if decided == "present" else 0.0, _row_phrase(others), arrow=True, decided=decided)


def _item_sentence(text: str, offset: int, before: str, calc: Calculator) -> Mention | None:
    """"Age 0 (<55)." after "So assign points: History 1 (…)." (``_ITEM_SENTENCE``): a tally of the
    criterion its name names alone, or None."""
    m = _ITEM_SENTENCE.match(text)
    if m is None or not _ITEM_SIBLING.search(before[-200:]):
        return None
    points = float(m.group("n"))
    if not _one_criterion(calc, m.group("name").strip(), points):
        return None
    return Mention(offset + m.start("n"), offset + m.end("n"), points, text[: m.start("n")].strip(), tally=True, arrow=True)


# A line that is only a name and a number ("Hypertension: 1", "3. Diabetes mellitus — 0",
# "Score for hypertension: 1", "Age: 2 (out of 2)", "Age: 2/2"): points when its paragraph scores the
# patient (pipeline), and the name names one criterion that can give them.
_SCORE_FOR = r"(?:the\s+)?(?:score|points?)\s+(?:for|of)\s+"  # "Score for …", "points of …": the number after is points
_BARE_TALLY = re.compile(
    r"\A[ \t]*(?:[-•*][ \t]*|\(?\d{1,2}[.)][ \t]*)?(?P<lead>" + _SCORE_FOR + r")?(?P<name>[A-Za-z][^:=—–\n]{0,60}?)[ \t]*(?::|=|—|–|\s-)[ \t]*"
    r"\+?(?P<n>\d{1,2}(?:\.\d)?)[ \t]*(?P<out>\(\s*out\s+of\s+\d{1,2}(?:\.\d)?\s*\)|/[ \t]*\d{1,2})?[ \t]*[.;]?[ \t]*\Z", re.I)


def says_points(text: str) -> bool:
    """Does a bare tally line say its number is points ("Score for albumin: 3", "Albumin: 3 (out of 3)")?
    Then it needs no tally around it to be read as points."""
    m = _BARE_TALLY.match(text) if len(text) <= 160 else None
    return m is not None and (m.group("lead") is not None or (m.group("out") or "").startswith("("))


def bare_tally(text: str, offset: int, calc: Calculator) -> Mention | None:
    """The points of a line that is only a criterion's name and a number (``_BARE_TALLY``), or None.
    Only what the paragraph's context makes points: the caller asks where the paragraph is a
    tally of this patient (``scores_patient``)."""
    found = _bare_tally_at_zero(text, calc)
    if found is None:
        return None
    return Mention(offset + found.start, offset + found.end, found.points, found.phrase, True, tally=True, arrow=True, numeral=True)


@lru_cache(maxsize=8192)  # every line of a tally paragraph is asked, for each of its steps' paragraphs
def _bare_tally_at_zero(text: str, calc: Calculator) -> Mention | None:
    if len(text) > 160 or not _DIGIT.search(text):
        return None  # (what ``_BARE_TALLY`` can match at all)
    m = _BARE_TALLY.match(text)
    if m is None:
        return None
    name, points = m.group("name").strip(), float(m.group("n"))
    if not _one_criterion(calc, name, points) or (m.group("lead") is None and flag_value(calc, name, points)):
        return None
    crit = criterion_named(calc, name)[0]
    if _DIGIT.search(name) and not _is_own_name(crit, name):
        return None  # a value in the name ("HR 110 — 1"), unless the criterion's own label holds it ("Age ≥65 — 1")
    explicit = m.group("lead") is not None or (m.group("out") or "").startswith("(")
    if (not explicit and points not in _possible_points(crit, _option_values(calc, crit), _flag_input(calc, crit) is not None)
            and any(isinstance(_input_or_none(calc, n), Number) for n in crit.inputs)):
        return None  # not points this criterion gives: a value (unless the line says they are points; a finding has no value of its own)
    return Mention(m.start("n"), m.end("n"), points, name, True, tally=not explicit, arrow=True)  # (an explicit line's number is no value)


# A graded response written as its number: "Motor: 4", "Best motor response = 4?", "Motor response 4
# (withdrawal)", and the compact "E2 V3 M4" / "E2V3M4".
_NUMBERED = re.compile(
    r"(?:^|(?<=[\s(,;]))(?P<name>[A-Za-z][A-Za-z ]{1,40}?)[ \t]*+(?:\([A-Za-z]{1,3}\))?[ \t]*+(?:[:=]|\bscore\s++(?:of\s+)?)?[ \t]*+"
    r"(?P<n>\d)(?!\d|[.,/]\d)(?![ \t]*(?:points?|pts?|%|[a-zA-Z]|[=:][ \t]*[A-Za-z]))", re.I)  # not the scale recited: "Motor: 6 = obeys"
_COMPACT = re.compile(r"(?<![A-Za-z])(?P<name>[A-Za-z])(?P<n>\d)(?!\d|\.\d)")
# "Motor: withdrawal (4)", "Motor response – extension (2)": the response described, its number in brackets.
_NUMBERED_AFTER = re.compile(r"(?:^|(?<=[\s(,;]))(?P<name>[A-Za-z][A-Za-z ]{1,40}?)[ \t]*[:=–—-][ \t]*[A-Za-z][^():;\n\d]{0,50}\([ \t]*(?P<n>\d)[ \t]*\)")


# A run of "Name: N" after a lead that says the numbers are points ("Now sum points: Age: 4 HR: 1 RR: 3
# A-a gradient: 10 GCS: 0 …", "Points: age 5, HR 0, RR 3"): each number is its criterion's points.
_POINTS_LIST_LEAD = re.compile(r"\b(?:sum(?:ming)?\s+(?:the\s+|up\s+(?:the\s+)?)?points|points?(?:\s+breakdown)?|sub-?scores?)\s*:\s*", re.I)
_POINTS_LIST_ITEM = re.compile(r"[\s,;]*(?P<name>[A-Za-z][A-Za-z0-9 /()\-]{0,30}?)\s*[:=]?\s*\+?(?P<n>\d{1,2})(?![\d.]|\s*(?:[-+×*/]\s*\d|%|°|years?\b|yrs?\b|y/o|bpm|mm|mg|mmol|meq|kg|cm|g/|/))", re.I)
POINTS_LIST_MIN = 3  # items a run needs to be read as the patient's points, criterion by criterion


def points_list(text: str, offset: int, calc: Calculator) -> list[Mention]:
    """The points of a run of "Name: N" items after a lead that says they are points
    (``_POINTS_LIST_LEAD``), each item whose name names one criterion of the score; none when fewer
    than ``POINTS_LIST_MIN`` items do."""
    lead = _POINTS_LIST_LEAD.search(text) if "oint" in text or "core" in text else None
    if lead is None:
        return []
    out, pos = [], lead.end()
    while (m := _POINTS_LIST_ITEM.match(text, pos)) is not None and len(out) < 40:
        pos = m.end()
        name = m.group("name").strip()
        if is_total(name) or len(named_in(calc, name)) != 1:
            continue  # "Total", or a name of no single criterion: not read, the run goes on
        out.append(Mention(offset + m.start("n"), offset + m.end("n"), float(m.group("n")), name, True, arrow=True, numeral=True))
    return out if len(out) >= POINTS_LIST_MIN else []


def numbered_options(text: str, offset: int, calc: Calculator) -> list[Mention]:
    """Points of graded responses whose options are numbered (a choice whose spellings include its
    number: the Glasgow Coma Scale's "4" and "m4" for withdrawal), written as the number alone
    under the criterion's name. Such a number is the response, never a value of another kind."""
    by_letter, _, written = _numbered(calc)
    if not written or not _DIGIT.search(text):
        return []
    out, seen = [], set()
    for pattern in (_COMPACT, _NUMBERED, _NUMBERED_AFTER):
        for m in pattern.finditer(text):
            if m.start("n") in seen:
                continue
            name, n = m.group("name").strip(), m.group("n")
            crit = by_letter.get(name.lower()) if pattern is _COMPACT else None
            if crit is None and pattern is not _COMPACT:
                if is_total(name) or len(named_in(calc, name)) != 1:
                    continue
                crit = criterion_named(calc, name)[0]
            if crit is None or n not in written.get(crit.key, ()):
                continue
            if pattern is _NUMBERED and _stated_option(_input_or_none(calc, crit.inputs[0]), name) is not None:
                continue  # "Eye opening spontaneously is 4": a response of the scale and its number, recited
            seen.add(m.start("n"))
            out.append(Mention(offset + m.start("n"), offset + m.end("n"), float(n), crit.label, True, tally=True, arrow=True, numeral=True))
    return out


@lru_cache(maxsize=256)
def _numbered(calc: Calculator) -> tuple[dict[str, object], dict[str, dict[str, int]], dict[str, frozenset[str]]]:
    """The criteria scored by a choice whose options are spelled with their number, each scoring its
    number (``_option_numbers``): (criterion by its compact letter, "m" for the motor response's "m4",
    and by its label; criterion key -> option -> number; criterion key -> every number its options
    are spelled with)."""
    by_letter: dict[str, object] = {}
    numbers: dict[str, dict[str, int]] = {}
    written: dict[str, frozenset[str]] = {}
    for crit in criteria(calc):
        if len(crit.inputs) != 1 or not _option_values(calc, crit):
            continue
        numbered = _option_numbers(calc, crit)
        if numbered is None:
            continue  # no numbered options, or numbers that are not the points (Killip class II scores 20 in GRACE)
        numbers[crit.key] = numbered
        spellings = [w for ws in _input_or_none(calc, crit.inputs[0]).options.values() for w in ws]
        written[crit.key] = frozenset(w for w in spellings if w.isdigit())
        for letter in {w[0].lower() for w in spellings if len(w) == 2 and w[0].isalpha() and w[1].isdigit()}:
            by_letter[letter] = crit
        by_letter[crit.label.lower()] = crit
    return by_letter, numbers, written


def _numbered_criteria(calc: Calculator) -> tuple:
    """The numbered criteria themselves, in the calculator's order."""
    numbers = _numbered(calc)[1]
    return tuple(c for c in criteria(calc) if c.key in numbers)


def _option_numbers(calc: Calculator, crit) -> dict[str, int] | None:
    """Option -> its number, when every numbered option scores its number; None otherwise."""
    inp = _input_or_none(calc, crit.inputs[0])
    out = {}
    for opt, spellings in inp.options.items():
        digits = [int(w) for w in spellings if w.isdigit()]
        if not digits:
            continue
        try:
            if float(crit.points({inp.name: opt})) != digits[0]:
                return None
        except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
            return None
        out[opt] = digits[0]
    return out or None


def _longest_option(calc: Calculator, crits: tuple, desc: str):
    """(criterion, option) whose spelling is the longest one written in ``desc`` ("abnormal extension"
    is the motor response's, though "to pain" alone is the eyes'); None on a tie between options."""
    low = desc.lower()
    numbers = _numbered(calc)[1]
    best, best_len, tie = None, 0, False
    for crit in crits:
        inp = _input_or_none(calc, crit.inputs[0])
        for opt, spellings in inp.options.items():
            for w in spellings:  # (not the option's own name: "flexion to pain" is also how some write M4's withdrawal)
                w = w.lower()
                if len(w) < 3 or w.isdigit() or not _spelled_in(low, w):
                    continue
                if len(w) > best_len:
                    best, best_len, tie = (crit, opt), len(w), False
                elif len(w) == best_len and best != (crit, opt) and (opt != best[1] or numbers[crit.key][opt] != numbers[best[0].key][opt]):
                    tie = True  # (one response that every item of a questionnaire shares, at one number, is no tie)
    if tie or best is None:
        return None
    inp = _input_or_none(calc, best[0].inputs[0])
    own = set(_WORDS_OF.findall(" ".join((*inp.options[best[1]], best[0].label, inp.description, *inp.aliases)).lower()))
    if set(_WORDS_OF.findall(low)) - own - _SCALE_WORDS:
        return None  # other words describe the response too ("flexion to pain": which flexion?)
    return best


_WORDS_OF = re.compile(r"[a-z]+")
_SCALE_WORDS = frozenset("is the a an so actually wait gcs score response best then and that which means now ok okay yes hmm of for his her their patient s".split())


# A response of a numbered scale and its number, as the trace recites the scale: '"Extension to
# pain" is 3', "3 = abnormal flexion", "GCS motor: 3 is extension to pain (decorticate)".
_DESC_THEN_NUMBER = re.compile(r"(?P<desc>[A-Za-z\"“'][^,;.\n()=:?]{2,40}?)[\"”']?[ \t]*(?:[=:]|\bis\b|\bscores?\b)[ \t]*(?P<n>\d)(?!\d|[.,]\d)")
_NUMBER_THEN_DESC = re.compile(r"(?<![\d.])(?P<n>\d)[ \t]*(?:=|\bis\b|:)[ \t]*[\"“']?(?P<desc>[A-Za-z][^,;.\n()=:?]{2,40})")


_NUMBER_PAIRED = re.compile(r"\d\s*(?:[=:]|is\b)|(?:[=:]|\bis|\bscores?)\s*[\"”']?\s*\d")  # what both patterns need (a cheap first test)


@lru_cache(maxsize=64)
def _response_words(calc: Calculator) -> re.Pattern:
    """Any spelling of a numbered response (``_longest_option`` needs one): a cheap first test."""
    words = {w.lower() for crit in _numbered_criteria(calc)
             for spellings in _input_or_none(calc, crit.inputs[0]).options.values() for w in spellings if len(w) >= 3 and not w.isdigit()}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)", re.I)


def numbered_scale_facts(text: str, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each response of a numbered scale paired with a number in the
    text: the number must be the one the scale gives that response ("extension to pain is 2")."""
    return list(_scale_facts(text, calc))


@lru_cache(maxsize=8192)  # by sentence, as the other readers
def _scale_facts(text: str, calc: Calculator) -> tuple[tuple[int, int, bool, str], ...]:
    crits = _numbered_criteria(calc)
    if not crits or not _NUMBER_PAIRED.search(text) or not _response_words(calc).search(text):
        return ()
    numbers = _numbered(calc)[1]
    out, seen = [], set()
    for pattern in (_NUMBER_THEN_DESC, _DESC_THEN_NUMBER):
        for m in pattern.finditer(text):
            if m.start("n") in seen:
                continue
            found = _longest_option(calc, crits, m.group("desc"))
            if found is None:
                continue
            crit, opt = found
            want, n = numbers[crit.key][opt], int(m.group("n"))
            seen.add(m.start("n"))
            a, b = min(m.start("n"), m.start("desc")), max(m.end("n"), m.end("desc"))
            if n == want:
                out.append((a, b, True, f"the scale: {crit.label}, {opt}, is {want}"))
            else:
                out.append((a, b, False, f"{crit.label}: {opt} is {want} on the scale, not {n}"))
    return tuple(out)


def _own_total_word(crit, name: str) -> str:
    """The name without the word "total" where the criterion's own name has it ("Total bilirubin")."""
    return re.sub(r"\btotal\b", " ", name, flags=re.I) if "total" in crit.label.lower() else name


@lru_cache(maxsize=256)
def _own_labels(calc: Calculator) -> frozenset[str]:
    """Every criterion's label and phrases as written, lower case (``_is_own_name`` for all of them at once)."""
    return frozenset(p.lower() for c in point_items(calc) for p in (c.label, *c.phrases))


def _is_own_label(calc: Calculator, name: str) -> bool:
    return _as_said(name) in _own_labels(calc)


def _one_criterion(calc: Calculator, name: str, points: float) -> bool:
    """Does the name name one criterion of this score (not a total; not "Drugs/alcohol", two of
    HAS-BLED's) that can give these points (not more: "Alcohol: yes. So 5." is a total)?"""
    shared = len(named_in(calc, name)) != 1
    if shared and not _is_own_label(calc, name):
        return False  # (a criterion's own label names it, whatever its words share with others': "Previous PE or DVT")
    crit = criterion_named(calc, name)[0]
    if is_total(name) and (crit is None or is_total(_own_total_word(crit, name))):
        return False  # a total, not "Total bilirubin" (a criterion whose name says total)
    return crit is not None and min(crit.minimum, 0) <= points <= crit.maximum


def _bare_points(text: str, offset: int, before: str, calc: Calculator) -> Mention | None:
    """The mention of a step that only gives points ("So 0."), named by the heading of the item it
    closes in ``before`` (the trace just before the step): the nearest heading in the same
    paragraph, when no other bare points sentence closed that item first and the heading names
    one criterion of this score. None otherwise."""
    m = _BARE_POINTS.match(text)
    if m is None:
        return None
    points = number_value(m.group("n"))
    name = _open_heading(before, calc, points)
    if name is None:
        return None
    return Mention(offset + m.start("n"), offset + m.end(), points, name, "point" in text[m.end("n"):].lower(), arrow=True, concluded=True)


def _open_heading(before: str, calc: Calculator, points: float) -> str | None:
    """The name of the item heading ("Urea: BUN is 25 mg/dL.") nearest before a conclusion of
    points, in the same paragraph, when it names one criterion of this score and no points were
    given since it (those would close it); None otherwise."""
    cut = before.rfind("\n\n")
    if cut != -1:
        before = before[cut:]
    heads = list(_HEADING.finditer(before))
    if not heads:
        return None
    head = heads[-1]
    name = head.group("name").strip()
    item = name  # "Pre-operative creatinine > 1.5 mg/dl:": the item, named before the rule it states (the rule kept in its name)
    if (rule := _HEADING_RULE.search(name)) is not None and rule.start() > 0:
        item = name[: rule.start()].strip()
    if _RULE.search(name) or not _one_criterion(calc, item, points):
        return None
    between = before[head.end():]
    if any(_BARE_POINTS.match(s.strip()) for s in re.split(r"(?<=[.!])\s+", between) if s.strip()) or read(between):
        return None  # points given after the heading (the item scored, or the rule's bands recited): these close something else
    return name


# A sentence that ends by concluding its item's points: "Hmm, the cutoff is 19 mg/dL, and 25 > 19, so that's 1 point."
_CONCLUDES_POINTS = re.compile(r"(?:,|;|\band\b)\s*(?:so|thus|hence|therefore)\s+(?:that(?:'s|’s|\s+is|\s+gives)\s+|it(?:'s|’s|\s+is)\s+)?\+?"
                               r"(?P<n>\d{1,2}(?:\.\d)?)(?:\s*+(?:points?|pts?))?\s*+[.!]?\s*\Z", re.I)


def _concluded_under_heading(text: str, offset: int, before: str, calc: Calculator) -> Mention | None:
    """The points a sentence concludes at its end for the item a heading just before opened, when
    the sentence names no criterion itself ("Urea: BUN is 25 mg/dL. The cutoff is 19 mg/dL, and 25 >
    19, so that's 1 point.")."""
    m = _CONCLUDES_POINTS.search(text)
    if m is None or named_in(calc, text[: m.start()]):
        return None
    points = number_value(m.group("n"))
    name = _open_heading(before, calc, points)
    if name is None:
        return None
    return Mention(offset + m.start("n"), offset + m.end(), points, name, "point" in text[m.end("n"):].lower(), arrow=True, concluded=True)


_TRIGGER_WORDS = ("point", "pt", "+", "up by", "→", "->", "=>", "⇒", "score", "add", "giv", "earn", "get", "receiv", "contribut", "assign", "award", "worth", "weight",
                  "increas", "increment", "rais", "no change", "does not", "not scored", "not counted", "count", "qualif", "yes,", "no,",
                  "present (", "absent (", "yes (", "met (")


_SO_CUE = re.compile(r"[,;]\s*(?:and\s+)?(?:so|thus|hence|therefore)\s+\d{1,2}(?:\.\d)?\s*(?:[.;,\n]|$)", re.I)  # "…, so 2." (``_SO_TALLY``)
_TALLY_CUE = re.compile(r"[A-Za-z\d)?\x22”]\s*[=:]\s*[-+−–]?\d{1,2}(?:\.\d)?\s*(?:[.;,\n(?]|$)")


def _might_have_points(text: str) -> bool:
    low = text.lower()
    return (any(map(low.__contains__, _TRIGGER_WORDS)) or (("=" in text or ":" in text) and _TALLY_CUE.search(text) is not None)
            or ("(" in text and _PAREN_CUE.search(text) is not None) or _ABSENT_CUE.search(text) is not None or _PRESENT_CUE.search(text) is not None
            or ("," in text and _SO_CUE.search(text) is not None))


@lru_cache(maxsize=128)
def _phrases(calc: Calculator) -> tuple[tuple[frozenset[str], object, bool | None], ...]:
    """(tokens, criterion, names the criterion itself; None: an option of several words) for every
    phrase of every criterion."""
    out = []
    for c in point_items(calc):
        for p in (c.label, c.key.removesuffix("_points").replace("_", " "), *c.phrases):
            for t in _alternatives(p):
                out.append((t, c, True))
        for name in c.inputs:
            inp = _input_or_none(calc, name)
            if inp is None:
                continue
            for p in (name.replace("_", " "), *inp.aliases, inp.description):
                for t in _alternatives(p):
                    out.append((t, c, len(c.inputs) == 1))
            if isinstance(inp, Choice) and len(c.inputs) == 1 and len(inp.options) <= 3:
                for option in inp.options:  # "Female; +1": a one-word option of the criterion's choice names it
                    t = _tokens(option)
                    if len(t) == 1 and not t & _VAGUE_OPTIONS:
                        out.append((t, c, False))
            if isinstance(inp, Choice) and len(c.inputs) == 1:
                for option, spellings in inp.options.items():  # "extension to pain = 3?": an option of several words names it
                    for w in (option, *spellings):
                        t = _tokens(w.replace("_", " "))
                        if len(t) >= 2:
                            out.append((t, c, None))
    return tuple(out)


@lru_cache(maxsize=256)
def _vocab(calc: Calculator) -> tuple[tuple[frozenset[str], object, bool], ...]:
    """(tokens, criterion, names the criterion itself) for every phrase of every criterion
    (``_phrases``). An option of several words that every item of a questionnaire shares ("several
    days", "more than half the days") names none of them: only such an option of one criterion names it."""
    owners: dict[frozenset[str], set[str]] = {}
    for t, c, whole in _phrases(calc):
        if whole is None:
            owners.setdefault(t, set()).add(c.key)
    return tuple((t, c, bool(whole)) for t, c, whole in _phrases(calc) if whole is not None or len(owners[t]) <= 1)


def named_in(calc: Calculator, text: str) -> set[str]:
    """The criteria (keys) the text names anywhere, in any of their phrases or their inputs' names,
    with or without points."""
    words = _tokens(text)
    low = text.lower()
    named = {crit.key for toks, crit, _ in _vocab(calc) if toks <= words}
    # A label made of generic words ("History") is named by the label itself.
    named |= {crit.key for label, crit in _labels(calc).items() if label and label in low and re.search(rf"\b{re.escape(label)}\b", low)}
    return named


_VAGUE_OPTIONS = frozenset("normal abnormal none yes no present absent unknown other low high mild moderate severe".split())


_OR = re.compile(r"\s+or\s+|\s*/\s*(?=[A-Za-z])", re.I)
_PAST = re.compile(r"(?=[dhkopr])\b(?:history|hx|previous(?:ly)?|prior|past|recurrent|known|documented|old)\b", re.I)


def _alternatives(phrase: str) -> list[frozenset[str]]:
    """The phrase's tokens, and those of each alternative it lists ("Previous PE or DVT" also
    names "previous DVT"): the words before the first alternative qualify every one."""
    whole = _tokens(phrase)
    out = [whole] if whole else []
    parts = _OR.split(re.sub(r"\s*\(.*?\)", "", phrase))
    if len(parts) > 1:
        head = parts[0].split()
        lead = " ".join(head[:-1]) if len(head) > 1 else ""
        for k, part in enumerate(parts):
            t = _tokens(part if k == 0 or len(part.split()) > 1 else f"{lead} {part}")
            if t and t != whole:
                out.append(t)
    return out


_LABEL_HEAD = re.compile(r"^\W*(?:\d{1,2}[.)]\s*)?([A-Za-z][\w /-]{0,40}?)\s*[:–—]")


@lru_cache(maxsize=128)
def _labels(calc: Calculator) -> dict[str, object]:
    """A criterion's label (without its parenthesis), lower-case -> the criterion."""
    return {re.sub(r"\s*\(.*?\)", "", c.label).strip().lower(): c for c in point_items(calc)}


_AGE_QUALIFIER = re.compile(r"\b(?:at|for|in|among)\s+(?:the\s+)?(?:ages?|aged)\s*(?:[<>≥≤]=?\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:years?|y))?\b", re.I)


def _labelled(calc: Calculator, phrase: str):
    """The criterion whose label opens the phrase ("History: …", "2. Encephalopathy – …"), or None."""
    head = _LABEL_HEAD.match(phrase)
    return _labels(calc).get(head.group(1).lower()) if head is not None else None


@lru_cache(maxsize=8192)
def criterion_named(calc: Calculator, phrase: str):
    """(criterion, names it as a whole) for the phrase, or (None, False). Bracketed words qualify
    ("Total cholesterol 160-199 (age 50-59)"): the words outside them are tried first."""
    if "(" in phrase:
        outside = _PARENS.sub(" ", phrase)
        if outside != phrase and _tokens(outside):
            found = criterion_named(calc, outside)
            if found[0] is not None:
                return found
    if " age" in phrase.lower():  # "Total cholesterol 160-199 at age 50-59": the age band qualifies, as brackets do
        outside = _AGE_QUALIFIER.sub(" ", phrase)
        if outside != phrase and _tokens(outside):
            found = criterion_named(calc, outside)
            if found[0] is not None:
                return found
    crit = _labelled(calc, phrase)
    if crit is not None:  # "History: pleuritic pain, not typical angina → 0": the label names it
        return crit, True
    words = _tokens(phrase)
    if not words:
        return None, False
    past = _PAST.search(phrase) is not None
    best, best_key = (None, False), (0.0, 0.0, False, False)
    numbered = {w for w in words if _ITEM_TOKEN.fullmatch(w)}
    every = _criterion_words(calc) if numbered else {}
    for toks, crit, whole in _vocab(calc):
        hit = len(toks & words)
        if not hit:
            continue
        share = hit / len(toks)
        if share < (1.0 if len(toks) <= 2 else 0.6):
            continue
        # A finding written as history ("history of recurrent DVT") names the criterion of a
        # previous event before the one of current signs, at equal match; then the item the phrase
        # numbers ("Q9 Injury due to his drinking": item 9, not item 3's "drinking").
        key = (hit, share, past and (_PAST.search(crit.label) is not None or any(t.startswith(("previou", "prior", "histor")) for t in toks)),
               bool(numbered) and bool(numbered & every[crit.key]))
        if key > best_key:
            best, best_key = (crit, whole), key
    return best


@lru_cache(maxsize=256)
def _criterion_words(calc: Calculator) -> dict[str, frozenset[str]]:
    """Criterion key -> every word of the phrases that name it (``_vocab``)."""
    out: dict[str, set[str]] = {}
    for toks, crit, _ in _vocab(calc):
        out.setdefault(crit.key, set()).update(toks)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _other_scores() -> tuple[tuple[frozenset[str], str], ...]:
    """Findings that are criteria of some score (tokens, the finding's label)."""
    from clinverify.verifier.knowledge import criteria

    out = {}
    for calc in list_calculators():
        for c in criteria(calc):
            for p in (c.label,):
                t = _tokens(re.sub(r"[<>≥≤]=?\s*\d.*", "", p))
                if t and len(t) <= 3 and not t <= _WEAK:
                    out.setdefault(t, re.sub(r"\s*\(.*", "", c.label))
            for name in c.inputs:
                inp = _input_or_none(calc, name)
                if inp is None:
                    continue
                for p in (name.replace("_", " "), *inp.aliases):
                    t = _tokens(p)
                    if t and len(t) <= 3 and not t <= _WEAK:
                        out.setdefault(t, p)
    return tuple(out.items())


@lru_cache(maxsize=256)
def _not_criteria(calc: Calculator) -> tuple[tuple[frozenset[str], str], ...]:
    """(tokens, label) of the findings the calculator declares are not its criteria (``NOT_CRITERIA``)."""
    return tuple((_tokens(p), n.label) for n in declared(calc, "NOT_CRITERIA") for p in n.phrases if _tokens(p))


def _mistaken_finding(calc: Calculator, phrase: str) -> str | None:
    """The finding a bare tally's name ("So Pain: 1.") is when the calculator declares it a
    finding people mistake for one of its criteria (``NOT_CRITERIA``), named by those words alone."""
    words = _tokens(phrase) - _WEAK
    return next((label for toks, label in _not_criteria(calc) if toks == words), None) if words else None


@lru_cache(maxsize=8192)
def foreign_finding(calc: Calculator, phrase: str) -> str | None:
    """The finding a phrase names when it is a criterion of another score but not of this one
    (not by a unit's letter after a number: "280 m → 250–349" names no GCS "M")."""
    low = phrase.lower()
    words = frozenset(w for w in _tokens(phrase) if len(w) > 1 or not re.search(r"\d\s*" + re.escape(w) + r"\b", low))
    if not words:
        return None
    if input_for(calc, phrase) is not None:
        return None  # it names one of this calculator's inputs
    own = _own_words(calc)
    for toks, label in _not_criteria(calc):
        if toks <= words and not (words - toks - _WEAK) & own:
            return label  # a finding people mistake for one of this score's criteria (not "pain and swelling of the tonsils")
    for toks, label in _other_scores():
        if toks <= words and not toks <= own:
            if (words - toks - _WEAK) & own:
                return None  # it also uses this score's words: one of its criteria in other words
            return label  # names a finding of another score, in words this score does not use
    return None


# A statement of what the score is made of: "FeverPAIN includes: ...", "The CURB-65 criteria are
# (1) ..., (2) ...", "the components of the score are ...".
_LIST_HEAD = re.compile(
    r"\b(?:score|criteria|criterion|components?|items?|rule|index)\b[^.:;\n]{0,40}?"
    r"(?:\bincludes?\b|\bconsists?\s+of\b|\bcomprises?\b|\bare\b|\bis\s+(?:calculated|based)\s+(?:from|on)\b)[^:\n]{0,30}?:?\s*"
    r"|\b(?:it|this)\s+(?:includes?|consists?\s+of|comprises?)\s*:?\s*"
    r"|\b(?:components|criteria|items|factors|variables)\s*:\s*"  # "Need FeverPAIN score: components: Fever, Pain, Earache"
    r"|\bthe\s+following(?:\s+(?:criteria|components|items|factors|variables))?\s*:\s*",  # "It assigns 1 point for each of the following: …"
    re.I,
)
_LIST_CUES = ("includ", "consist", "compris", " are", "calculated from", "based on", "components:", "criteria:", "items:", "factors:", "variables:", "following")
_LIST_END = re.compile(r"\.(?!\d)")
LIST_REACH = 120  # characters before a list's head in which the score must be named ("FeverPAIN is a rule for … . It includes:")
LIST_REACH_BEFORE = 200  # and, for a list at a step's start, characters of the step before (the sentence that names the score)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\(\d\)|\d\)|\b\d\.\s)\s*", re.I)


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _names_score(calc: Calculator, text: str) -> bool:
    """Does the text name this calculator ("FeverPAIN", "the PERC rule", "CHA2DS2-VASc")?"""
    low = _NOT_ALNUM.sub("", text.lower())
    return any(map(low.__contains__, _score_names(calc)))


@lru_cache(maxsize=128)
def _score_names(calc: Calculator) -> tuple[str, ...]:
    """The calculator's names, lowercase letters and digits only: its id, its name, the name
    before a bracket, its first word (those of three characters or more)."""
    names = (calc.id, calc.name, calc.name.split("(")[0], calc.name.split(" ")[0])
    return tuple(n for n in (_NOT_ALNUM.sub("", x.lower()) for x in names) if len(n) >= 3)


@lru_cache(maxsize=128)
def _own_words(calc: Calculator) -> frozenset[str]:
    return frozenset().union(*(t for t, _, _ in _phrases(calc)))  # (the options every item shares are this score's words too)


def listed_foreign(text: str, calc: Calculator, before: str = "") -> list[tuple[int, int, str]]:
    """(start, end, finding) for each item of a list of the score's components that is a
    criterion of another score and not of this one ("FeverPAIN includes: fever, exudates, age").
    ``before``: the trace's text just before this step; the score may be named there ("The
    FeverPAIN score is a 5-point system. It assigns 1 point for each of the following: …")."""
    out: list[tuple[int, int, str]] = []
    low = text.lower()
    if not any(map(low.__contains__, _LIST_CUES)):
        return out  # most steps: no list of the score's parts
    for head in _LIST_HEAD.finditer(text):
        lead = text[max(0, head.start() - LIST_REACH) : head.end()]
        if head.start() < LIST_REACH:
            lead = before[-LIST_REACH_BEFORE:] + lead
        if not _names_score(calc, lead):
            continue  # a list of the patient's findings, or of another score's items
        stop = _LIST_END.search(text, head.end())  # the sentence's end, not a decimal point ("Fever >38.5, …")
        end = len(text) if stop is None else stop.start()
        body, pos = text[head.end() : end], head.end()
        for part in _LIST_SPLIT.split(body):
            item = re.sub(r"\s*\(.*?\)|[≥≤<>]=?\s*\d.*$|\d.*$", "", part).strip(" .:-–")
            at = text.find(part, pos) if part else -1
            if at != -1:
                pos = at + len(part)
            if not item or criterion_named(calc, item)[0] is not None or _tokens(item) & _own_words(calc):
                continue  # this score's criterion, or a word of it (its vocabulary may lack the synonym)
            other = foreign_finding(calc, item)
            if other is not None and at != -1:
                out.append((at, at + len(part), other))
        break  # one list per step
    return out


@dataclass(slots=True)
class Verdict:
    ok: bool
    detail: str
    key: str | None  # the criterion's intermediate, when confirmed
    about: str | None = None  # for a wrong one: the criterion it misjudges (the thinking review follows it)


# What a criterion's rule raises on inputs it cannot decide (a clause that gives too little).
_RULE_ERRORS = (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, LookupError)


def check(m: Mention, calc: Calculator, truth_intermediates: dict | None, inputs: dict | None, rule: bool = False,
          note_points: dict | None = None, tally: bool = False) -> Verdict | None:
    """The verdict on one mention, or None when it says nothing checkable. ``rule``: the mention
    sits in a recital of the score's rules ("The components are: …", "The scoring: …"), so only
    points the criterion can never give are wrong. ``note_points``: without the patient's data,
    the points of the criteria whose one value the note gives unambiguously (``inputs`` then
    holds those values). ``tally``: the mention's paragraph scores the patient (``scores_patient``),
    so a criterion named alone with its points ("- Hypertension: 1 point") is the patient's, not the rule."""
    try:
        if abs(m.points) > points_limit(calc):
            return None  # more than any criterion of this score gives: a value, not points
        finding = _named_finding(m, calc, inputs)
        if m.judged and not _judged_in_the_scores_wording(m.phrase, calc, finding[1]):
            return None  # "Age: 57 > 50 → not met": the rule-out wording of PERC's criterion ("age < 50"), not the count's
        met_or_not = m.decided is not None and _met_or_not(calc, finding[1])
        if m.decided is not None and not met_or_not and not _absent_scores_zero(calc, finding[1]):
            return None  # "Ascites: none" names an option of a graded criterion (1 point in Child-Pugh), not 0
        if m.present:
            # "Hypertension: yes": the points it gives when present; "Heart rate ≥ 100: yes": 1 when met
            m.points = 1.0 if met_or_not else float(finding[1].score({n: True for n in finding[1].inputs}))
            if truth_intermediates is None and not (note_points and finding[1].key in note_points):
                return None  # without the patient's data, any finding may be present
        v = _check(m, calc, truth_intermediates, inputs, rule, finding, note_points, tally)
    except _RULE_ERRORS:
        return None  # a criterion whose rule reads inputs this clause does not give: no verdict
    if v is not None and not v.ok and finding[1] is not None:
        v.about = finding[1].key
    return v


# A list of findings given no points together: "Other factors (BMI <30, no recent infection, …)
# add 0 points", "Other variables (temperature, BP, GCS) give 0 points".
_LIST_ITEMS = re.compile(r"\(([^()]*,[^()]*)\)")
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b)\s*", re.I)


def _zero_list_miss(calc: Calculator, phrase: str, truth: dict) -> Verdict | None:
    """The first finding of a bracketed list given 0 points together that this patient scores
    (points > 0 from the patient's data), as a wrong verdict; None otherwise."""
    lst = _LIST_ITEMS.search(phrase)
    if lst is None:
        return None
    for item in _ITEM_SPLIT.split(lst.group(1)):
        crit, _ = criterion_named(calc, item) if _tokens(item) else (None, False)
        if crit is None or crit.judgement:
            continue
        want = truth.get(crit.key)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and want > 0:
            return Verdict(False, f"{crit.label} scores {fmt(want)} for this patient, not 0 ('{item.strip()[:40]}' listed among those giving none)", None,
                           crit.key)
    return None


_PARENS_OPEN = re.compile(r"[()]")
_JOINED = re.compile(r"[A-Za-z]\s*[/&+]\s*[A-Za-z]")  # not "and": "medications for bleeding … and so we add" names two by chance


def _joined_pair(calc: Calculator, phrase: str, truth: dict | None) -> tuple[float, str] | None:
    """Two criteria named as one item ("Abnormal renal/liver function", "Drugs/alcohol"): their
    points together for this patient and their labels; None otherwise."""
    if not truth:
        return None
    named = re.split(r"[:→=]|->", phrase, maxsplit=1)[0]  # the item's name, before what is said of it
    # (the name, else its bracket after a code: "A (renal + liver)")
    head = next((h for h in (named.split("(", 1)[0], _PARENS_OPEN.sub(" ", named)) if _JOINED.search(h)), None)
    if head is None:
        return None
    keys = named_in(calc, head)
    if len(keys) != 2 or not all(isinstance(truth.get(k), (int, float)) and not isinstance(truth.get(k), bool) for k in keys):
        return None
    words = _tokens(head)
    if any(words <= _tokens(name) for c in point_items(calc) for name in (c.label, *c.phrases)):
        return None  # "Previous PE/DVT", "Clinical signs/symptoms of DVT": one criterion's own words, not two criteria
    labels = [c.label for c in point_items(calc) if c.key in keys]
    return sum(float(truth[k]) for k in keys), " and ".join(labels)


def _folded_points(calc: Calculator, crit, truth: dict | None) -> tuple[float, str] | None:
    """The host criterion's points with a criterion people fold into it (``FOLDED``: the PSI's age
    points of a woman, age − 10), and that criterion's label; None when none is folded into it."""
    for f in declared(calc, "FOLDED"):
        if f.into == crit.key and truth and isinstance(truth.get(f.criterion), (int, float)) and truth.get(f.criterion):
            label = next((c.label for c in point_items(calc) if c.key == f.criterion), f.criterion)
            return float(truth[crit.key]) + float(truth[f.criterion]), f"{label} ({f.rule})"
    return None


def _never(calc: Calculator, crit, points: float) -> Verdict | None:
    """The verdict on points the criterion can never give ("Haemoptysis: 1.5" where it gives 0 or
    1), or None when it can give them."""
    possible = _possible_points(crit, _option_values(calc, crit), _flag_input(calc, crit) is not None)
    if points in possible:
        return None
    return Verdict(False, f"{crit.label} gives {' or '.join(fmt(p) for p in sorted(possible))} points, never {fmt(points)}", None)


_POINTS_BEFORE_BAND = re.compile(r"^\s*(?P<p>[+−-]?\s*\d+(?:\.\d+)?)\s*(?:points?|pts?)?\s+for\s+", re.I)
_NEGATED_BAND = re.compile(r"\b(?:not|isn't|never)\s*(?:[<>≤≥]|less\b|greater\b|more\b|under\b|over\b|below\b|above\b)", re.I)


def _rule_verdict(calc: Calculator, crit, m: Mention, phrase: str, inputs: dict | None = None) -> Verdict | None:
    """A mention that states the score's rule, not this patient's points ("Congestive heart failure
    (1 point)", "Age ≥75 (2 points)"): right when the criterion gives those points (for the band
    it names, when it names one)."""
    never = _never(calc, crit, m.points)
    if never is not None:
        return never
    # The band is what the rule names last ("Albumin 3.3 g/dL: categories: >3.5 = 1 point": > 3.5).
    tail = re.split(r"[:;]", phrase)[-1]
    if (lead := _POINTS_BEFORE_BAND.match(tail)) is not None:  # "+1 for age 3–14": the band after its points
        if parse_number(lead.group("p").replace(" ", "")) != m.points:
            return None  # the points written there are not the ones read for the mention
        tail = tail[lead.end() :]
    band = _stated_value(calc, crit, tail if any(ch.isdigit() for ch in tail) else phrase)
    if band is not None and _NEGATED_BAND.search(phrase):
        return None  # "DBP is not ≤60, so no point": the band denied, its complement's points not read here
    if band is not None:  # "Age ≥75 (2 points)": the band's own points
        try:
            want = float(_band_points(crit, band, inputs))
        except _RULE_ERRORS:
            return None
        if want != m.points:
            return Verdict(False, f"'{phrase.strip()[:60]}' scores {fmt(want)} for {crit.label} in the {calc.name}, not {fmt(m.points)}", None)
        return Verdict(True, f"the rule: '{phrase.strip()[:60]}' scores {fmt(want)} for {crit.label}", crit.key)
    if _flag_input(calc, crit) is not None and crit.minimum == 0 and m.points == crit.maximum:
        return Verdict(True, f"the rule: {crit.label} scores {fmt(m.points)} when present", crit.key)
    return _present_for_patient(calc, crit, m, inputs)


def _present_for_patient(calc: Calculator, crit, m: Mention, inputs: dict | None) -> Verdict | None:
    """A finding whose points depend on the patient's other inputs (ATP III's smoking points by age
    and sex), stated with points ("Current smoker: 2 points"): the points it gives when present
    for this patient's age and sex. None when it is not such a criterion or they are not known."""
    if not inputs or m.points == 0 or len(crit.inputs) < 2 or m.qualified or m.recital:
        return None  # (a band or group stated after the points: the rule for them, not this patient; a rule recited)
    inps = [_input_or_none(calc, n) for n in crit.inputs]
    flags = [i.name for i in inps if i is not None and i.kind == "flag"]
    others = [n for n in crit.inputs if n not in flags]
    if len(flags) != 1 or not others or not all(n in inputs for n in others):
        return None
    try:
        want = float(crit.points({**inputs, flags[0]: True}))
    except _RULE_ERRORS:
        return None
    if want == m.points:
        return Verdict(True, f"the rule: {crit.label} scores {fmt(want)} when present, for this patient's {' and '.join(others)}", crit.key)
    return Verdict(False, f"{crit.label} scores {fmt(want)} when present for this patient's {' and '.join(others)}, not {fmt(m.points)}", None)


def _option_values(calc: Calculator, crit) -> tuple:
    inp = _input_or_none(calc, crit.inputs[0]) if len(crit.inputs) == 1 else None
    return tuple(inp.options) if isinstance(inp, Choice) else ()


@lru_cache(maxsize=256)
def points_limit(calc: Calculator) -> float:
    """The most points a mention may give in this score: 15, or its largest criterion's points
    (HScore's 64). A larger number is a value ("heart rate 40"), not points."""
    return max(15.0, *(max(abs(float(c.maximum)), abs(float(c.minimum))) for c in point_items(calc)))


# A step that takes back what it wrote ("74 → 2 points... wait, 74 is in 70–79 → 3"): two points
# for one criterion there are a correction, not the criterion's table.
_LOWERED = re.compile(r"\b(?:decreas|subtract|deduct|minus|reduc|lower)", re.I)
_TAKEN_BACK = re.compile(r"(?=[wahomircn])\b(?:wait|actually|hmm|oops|mistake|wrong|instead|rather|correction|no)\b", re.I)


_WORST_TAKEN = re.compile(r"(?=[hgmtw])\b(?:worse|worst|higher|highest|greater|max(?:imum)?|whichever)\b", re.I)


def worst_taken(mentions: list[Mention], calc: Calculator, text: str) -> list[Mention]:
    """A criterion scored on each of its values, then the worst taken ("creatinine 1.6 → 1; urine
    output 600 mL/day → 0; take the worse → 1 point"): the points taken are the criterion's, those
    of each value on the way are not (only the last mention of each criterion is kept)."""
    if len(mentions) < 2 or not _WORST_TAKEN.search(text):
        return mentions
    named = [getattr(_named_finding(m, calc, None)[1], "key", None) for m in mentions]
    last, keep = None, []
    for m, key in zip(mentions, named, strict=True):
        if key is None and last is not None and _WORST_TAKEN.search(m.phrase):
            key = last[1]  # "take the worse → 1 point": the criterion just scored, named as it was
            m = replace(m, phrase=f"{last[0].phrase}: {m.phrase}")
        keep.append((m, key))
        if key is not None:
            last = (m, key)
    return [m for i, (m, key) in enumerate(keep) if key is None or all(k != key for _, k in keep[i + 1 :])]


_BAND_NAMED = re.compile(r"\d\s*[-–]\s*\d|[<>≤≥]")  # a band's range or cut-off in a mention's phrase


def lists_options(mentions: list[Mention], calc: Calculator, text: str, offset: int = 0) -> bool:
    """Does the step list one criterion's options or bands, each with its points ("Diabetes:
    uncomplicated → 1, with end-organ damage → 2", "Renal: creatinine 1.2–1.9 → 1, 2.0–3.4 → 2")?
    Two or more mentions with different points, the first naming a criterion and none naming
    another: the criterion's table, not this patient's points (a trace gives the patient one
    value per criterion), so each is judged as the rule. ``offset``: where the text starts in the
    trace the mentions' positions count from."""
    if len(mentions) < 2 or len({m.points for m in mentions}) < 2 or any(m.decided for m in mentions) or _LOWERED.search(text):
        return False  # ("Cough: not mentioned → 0; assume no cough → 1": a finding decided, not a table; "decrease by one point … 0 - 1 = -1")
    if ((mentions[-1].points == sum(m.points for m in mentions[:-1]) and not _BAND_NAMED.search(mentions[-1].phrase))
            or _TAKEN_BACK.search(text, mentions[0].end - offset, max(0, mentions[-1].start - offset))):
        return False  # "cirrhosis (2 points) + diabetes (2 points) → 4 points": parts and their sum (not "…; 36–49 → 2; ≤ 35 → 3", a last band); "→ 2… wait, → 3"
    first = _named_finding(mentions[0], calc, None)[1]
    # (a criterion that reads several inputs, APACHE II's oxygenation by FiO2: its table's rows are
    # not read one band at a time, so its points stay the patient's)
    return (first is not None and len(first.inputs) <= 1
            and all(_named_finding(m, calc, None)[1] in (None, first) for m in mentions[1:]))


def for_calculator(mentions: list[Mention], calc: Calculator) -> list[Mention]:
    """The mentions that can be points of this score (not a yes/no input's 0 or 1: ``_flag_value``)."""
    limit = points_limit(calc)
    return [m for m in mentions if abs(m.points) <= limit and not (m.tally and not m.says_points and flag_value(calc, m.phrase, m.points))]


def flag_value(calc: Calculator, name: str, number: float) -> bool:
    """Is a tally line's 0 or 1 the value of a yes/no input that only changes a measured criterion's
    points ("BP treated: 0" in Framingham, where treatment changes the blood pressure's points), or
    that no criterion reads? A flag that decides a criterion ("Hypertension: 1", "Immobilization/surgery:
    0") gives its points."""
    if number not in (0, 1):
        return False
    flag = input_for(calc, name)
    if flag is None or calc.input(flag).kind != "flag":
        return False
    own = [c for c in criteria(calc) if flag in c.inputs]
    return all(any(isinstance(_input_or_none(calc, n), Number) for n in c.inputs) for c in own)


def _parts(m: Mention) -> tuple[str, ...]:
    """The parts of a mention's clause that may name its finding, last part first."""
    pieces = _split_outside_brackets(m.phrase)
    parts = [p for p in (pieces[-1].strip(), *(q.strip() for q in reversed(pieces[:-1])), m.phrase) if p]
    if m.tally:
        # "…; No past PE/DVT; Final Score = 2": a tally's name is what stands right before "="; "Serum
        # potassium = 3.68 mmol/L; points = 1": "points" names nothing, the part before it does.
        parts = parts[1:2] if len(parts) > 2 and _POINTS_ONLY.fullmatch(parts[0]) else parts[:1]
    return tuple(dict.fromkeys(parts))


_POINTS_ONLY = re.compile(r"(?:the\s+)?(?:points?|pts?|sub-?score)", re.I)
def _split_outside_brackets(phrase: str) -> list[str]:
    """``_LAST_PART``'s split, not inside brackets ("Total cholesterol 191 (160–199, age 40–49)": the
    bracket qualifies the total cholesterol; its "age 40–49" is no part of its own)."""
    if "(" not in phrase:
        return _LAST_PART.split(phrase)
    masked = _PARENS.sub(lambda b: "(" + "x" * (len(b.group()) - 2) + ")", phrase)
    out, at = [], 0
    for cut in _LAST_PART.finditer(masked):
        out.append(phrase[at : cut.start()])
        at = cut.end()
    out.append(phrase[at:])
    return out
_ABSENCE_NAMED = re.compile(r"\b(?:no|absent|absence|without|lack\w*)\b|^no_|_absent$", re.I)


def _absent_scores_zero(calc: Calculator, crit) -> bool:
    """Does the criterion give 0 when its finding is absent (every input it reads a flag, all false)?
    Not one that is itself an absence ("Cough absent: none" meets Centor's criterion: its "no" is its name)."""
    if crit is None or not crit.inputs or _ABSENCE_NAMED.search(crit.label) or any(_ABSENCE_NAMED.search(n) for n in crit.inputs):
        return False
    try:
        if not all(calc.input(n).kind == "flag" for n in crit.inputs):
            return False
        return crit.score({n: False for n in crit.inputs}) == 0
    except (CalculatorError, KeyError, TypeError, ValueError):
        return False


def _judged_in_the_scores_wording(phrase: str, calc: Calculator, crit) -> bool:
    """Is "met"/"not met" said of this criterion in the wording of the score's own rule? A rule
    stated in the phrase must point the way the criterion's points rise ("Age ≥ 50: … → met", not
    "Age < 50: … → met"); without one, the calculator must not declare that models word its
    criteria the other way (``knowledge`` declaration ``RULE_OUT_WORDING``: PERC's "age < 50" kind)."""
    side = _CUTOFF.search(phrase)  # a comparison with its bound, as a rule states it
    if side is None:
        return not declaration(calc, "RULE_OUT_WORDING")
    rises = _rises_with_value(calc, crit)
    if rises is None:
        return False
    op = side.group("op").lower()
    return rises == (op[0] in "≥>" or op.startswith(("over", "above", "at least", "more", "greater")))


def _rises_with_value(calc: Calculator, crit) -> bool | None:
    """Whether a criterion on one measured value gives its points at high values (age ≥ 50) rather
    than low ones (SpO₂ < 95 %); None for anything else."""
    if crit is None or len(crit.inputs) != 1 or crit.points is None:
        return None
    inp = _input_or_none(calc, crit.inputs[0])
    if not isinstance(inp, Number):
        return None
    lo, hi = inp.range
    try:
        at_low, at_high = crit.points({inp.name: lo}), crit.points({inp.name: hi})
    except _RULE_ERRORS:
        return None
    return None if at_low == at_high else at_high > at_low


def _met_or_not(calc: Calculator, crit) -> bool:
    """A criterion on a measured value that is met (1 point) or not (0): "Heart rate ≥ 100 | 92 | No",
    "SpO₂ < 95%: yes" decide it for this patient."""
    if crit is None or not crit.inputs or crit.minimum != 0 or crit.maximum != 1 or _ABSENCE_NAMED.search(crit.label):
        return False
    try:
        return not all(calc.input(n).kind == "flag" for n in crit.inputs)
    except KeyError:
        return False


_CODE_TALLIED = re.compile(r":\s*([A-Z][A-Za-z0-9₂]{0,2})\s*$")


def _named_finding(m: Mention, calc: Calculator, inputs: dict | None):
    """(phrase, criterion, names it as a whole) of a mention. The finding is named by the last part
    of the clause ("INR 1.2; albumin 3.1 g/dL → 2") or, failing that, by the whole clause ("Age 72,
    +1"); a bare value ("So 331 => 10 points") by the criterion whose patient value it is. A clause
    that opens with a criterion's label is that criterion's ("Encephalopathy: mild asterixis and
    slight mental slowness = grade I → 2": not the ascites option "slight")."""
    if (":" in m.phrase or "–" in m.phrase or "—" in m.phrase) and (crit := _labelled(calc, m.phrase)) is not None:
        return m.phrase, crit, True
    if m.tally and (code := _CODE_TALLIED.search(m.phrase)) is not None and (crit := criterion_named(calc, code.group(1))[0]) is not None:
        return m.phrase, crit, True  # "Motor response localizes to a painful stimulus: M = 5": the code tallied names it
    for p in _parts(m):
        crit, whole = criterion_named(calc, p)
        if crit is not None:
            return p, crit, whole
    if inputs and _BARE_VALUE.match(m.phrase):
        return m.phrase, _criterion_of_value(calc, parse_number(_BARE_VALUE.match(m.phrase).group("v")), inputs), False
    return m.phrase, None, False


@lru_cache(maxsize=256)
def _score_name_pattern(calc: Calculator) -> re.Pattern | None:
    """A clause that is only the score's name, by the first word of its name ("Wells' DVT (score)",
    "HEART score", "the Caprini score"); None when the name starts with no such word."""
    first = re.match(r"[A-Za-z][A-Za-z-]{3,}", calc.name)
    if first is None:
        return None
    return re.compile(rf"^\W*(?:the\s+)?(?:patient'?s\s+)?{re.escape(first.group().lower())}\b\W*(?:[\w-]+\W*){{0,2}}?(?:score\W*)?$", re.I)


def _names_the_score(calc: Calculator, phrase: str) -> bool:
    pat = _score_name_pattern(calc)
    return pat is not None and pat.search(phrase.lower()) is not None


def _check(m: Mention, calc: Calculator, truth_intermediates: dict | None, inputs: dict | None, rule: bool, finding,
           note_points: dict | None = None, tally: bool = False) -> Verdict | None:
    phrase, crit, whole = finding  # ``_named_finding``
    said = phrase  # where the patient's value is written
    if crit is not None and not any(ch.isdigit() for ch in phrase):
        said = m.phrase  # "Bilirubin: 2.0 mg/dL falls in ... → 2": the name alone, its value after it
    probe = _BAND_RANGE.sub(" ", phrase)
    if crit is not None and _TOTAL.search(probe):
        for name in (crit.label, *crit.phrases):  # "Total cholesterol 200-239": a criterion's own name
            probe = re.sub(re.escape(name), " ", probe, flags=re.I)
    if _TOTAL.search(probe) or _names_the_score(calc, phrase):
        return None  # a total ("Wells' DVT score = 3": the score named by its own name)
    if m.prose and crit is not None and len(crit.inputs) > 1 and not whole and not _is_any_of(crit):
        return None  # "No known atherosclerotic disease.": one finding of a criterion that counts several, not its points
    if m.tally and crit is None and m.points > 0 and (mistaken := _mistaken_finding(calc, phrase)) is not None:
        return Verdict(False, f"{mistaken} is not a criterion of the {calc.name}; it scores no points", None)  # "So Pain: 1."
    if m.tally and (crit is None or _tally_is_value(calc, crit, m.points, inputs, phrase)):
        return None  # "min = 1", "Creatinine = 2": not points, or the finding's own value
    defined = defines_letter(calc, m.phrase)
    if rule or m.recital or _RULE.search(m.phrase) or (m.says_points and _IS_END.search(m.phrase) and not _PATIENT.search(m.phrase)) or defined:
        # "Abnormal renal function (e.g., dialysis) is 1 point": the rule, not this patient's points
        # The rule itself ("must be true for the score to increase by 1"): right if the criterion
        # can give these points at all.
        if defined:
            phrase = phrase[defines_letter(calc, phrase):]  # "A2 is age 75 or older": not an age of 2
        if crit is None or (m.points == 0 and not _BAND_STATED.search(phrase)):
            return None  # ("RR 10-19 => 0": a band's none stated, judged as the rule)
        return _rule_verdict(calc, crit, m, phrase, inputs)
    if crit is None:
        if m.points > 0 and not m.component:  # "The HEART score 5": the score itself, not a foreign finding
            for p in _parts(m):
                other = foreign_finding(calc, p)
                if other is not None:
                    return Verdict(False, f"{other} is not a criterion of the {calc.name}; it scores no points", None)
        return None
    if m.points == 0 and truth_intermediates and (missed := _zero_list_miss(calc, m.phrase, truth_intermediates)) is not None:
        return missed  # "Other factors (BMI <30, no recent infection, …) add 0 points" with the BMI scoring
    want = truth_intermediates.get(crit.key) if truth_intermediates else None
    from_note = want is None and truth_intermediates is None and bool(note_points) and crit.key in note_points
    if from_note:
        want = note_points[crit.key]  # the note's one value for this criterion decides it
    if crit.judgement:
        # The clinician's judgement: any points the criterion can give are the trace's call (checked
        # as such: points it never gives are wrong).
        never = _never(calc, crit, m.points)
        if never is not None:
            return never
        return Verdict(True, f"{crit.label}: {fmt(m.points)} points, one the criterion gives (whether it applies is the trace's judgement)",
                       crit.key)
    rule_item = (want is not None and m.points != 0 and not m.arrow and not tally and _names_only(calc, crit, m.phrase, inputs) and m.says_points
                 and not (whole and _lists_inputs(calc, crit, m.phrase))
                 and (any(ch.isdigit() for ch in m.phrase) or _finding(calc, crit) or len(_possible_points(crit, _option_values(calc, crit))) <= 2))
    if rule_item:
        # "Hemoptysis (1 point)", "Age ≥ 75 (2 points)" in a list of the score's items: the rule, not
        # this patient. Not a graded criterion named alone ("Bilirubin: 2 points"): its rule would
        # name the band (a finding present or absent is not graded, whatever its points).
        want = None
    if want is not None and (whole or crit.maximum == crit.minimum or len(crit.inputs) <= 1 or _is_any_of(crit)
                             or (m.points == 0 and float(want) > 0)):  # "So no point for alcohol" when the patient meets it
        pair = _joined_pair(calc, m.phrase, truth_intermediates)
        if pair is not None:  # "Abnormal renal/liver: yes → +1": two criteria scored as one item
            total, labels = pair
            if total == m.points:
                return Verdict(True, f"{labels}: {fmt(total)} points together", crit.key)
            return Verdict(False, f"{labels} score {fmt(total)} together for this patient, not {fmt(m.points)}", None)
        if float(want) == m.points:
            if (row := _lone_band_row(calc, crit, phrase, inputs)) is not None and row != m.points:
                # "ages 40–49 score 1 point": a row of the rule stated wrong, whatever this patient scores
                return Verdict(False, f"'{phrase.strip()[:60]}' scores {fmt(row)} for {crit.label} in the {calc.name}, not {fmt(m.points)}", None)
            return Verdict(True, f"{crit.label}: {fmt(want)} points", crit.key)
        folded = _folded_points(calc, crit, truth_intermediates)
        if folded is not None and folded[0] == m.points:
            return Verdict(True, f"{crit.label}: {fmt(m.points)} points, {folded[1]} folded in", crit.key)
        try:
            band = _phrase_band(calc, crit, phrase, inputs)
        except _RULE_ERRORS:
            if len(crit.inputs) > 1:
                raise  # a band this clause states but the rule cannot place: no verdict (``check``)
            band = None
        if (m.concluded or _PLACED_IN.search(phrase)) and band is not None and band != float(want) and band != 0:
            # "Age 65-74? He is 63. So 1.": the patient placed in the band the heading names; "So 0.":
            # not in it (whatever the patient's own band gives)
            if m.points != band:
                return None
            return Verdict(False, f"{crit.label} scores {fmt(want)} for this patient, not {fmt(m.points)} ('{phrase.strip()[:60]}' is not the patient's band)",
                           None)
        if _about_another_band(m, phrase, float(want), band, lambda: _bracketed_band(calc, crit, phrase, inputs),
                               lambda: _head_band(calc, crit, phrase, inputs)):
            return None
        if band is None and _row_beside_value(phrase):
            return None  # "A-a gradient 375: 200-349 => 2": a row of the table beside the patient's value, not its points
        if band is not None and band != float(want) and _BAND_STATED.search(_PARENS.sub(" ", phrase)):
            # "RR 10-19 => 0": a row of the table that is not the patient's; its rule is what is stated.
            if band == m.points:
                if (rng := _band_holding_own(calc, crit, phrase, inputs)) is not None:
                    # "Age 77: in the 65–79 range → 1": the patient placed in a band the rule does not have
                    return Verdict(False, f"{crit.label} scores {fmt(want)} for this patient, not {fmt(m.points)} ('{rng}' is not one band of the rule)", None)
                return None
            return Verdict(False, f"'{phrase.strip()[:60]}' scores {fmt(band)} for {crit.label} in the {calc.name}, not {fmt(m.points)}", None)
        if len(crit.inputs) > 1 and band is not None and band != m.points and band != float(want):
            # "Total cholesterol 160-199 (age 50-59): 1": the band's own points, whatever the value
            return Verdict(False, f"'{phrase.strip()[:60]}' scores {fmt(band)} for {crit.label} in the {calc.name}, not {fmt(m.points)}", None)
        try:
            derive = declaration(calc, "DERIVE")  # the quantities the criteria read, derived from the inputs (APACHE II's MAP)
            points, reason = crit.decide(derive(inputs or {}) if derive else (inputs or {}))
            # A decision that reads an input the calculator derives (CURB-65's urea from a BUN) says
            # nothing right from the parsed inputs alone: the points alone then.
            why = f" ({reason}{', from the note' if from_note else ''})" if float(points) == float(want) else ""
        except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
            why = ""  # a decision that reads derived inputs (APACHE II): the points alone
        return Verdict(False, f"{crit.label} scores {fmt(want)} for this patient, not {fmt(m.points)}{why}", None)
    # No patient data: the criterion's rule applied to what the clause states.
    never = _never(calc, crit, m.points)
    if never is not None:
        return never
    yes_no = _flag_input(calc, crit) is not None and crit.maximum > 0 and crit.minimum == 0  # a finding present or absent
    duration_met = _threshold_met(calc, crit, m.phrase) if yes_no else None
    own = any(_is_own_name(crit, _unframed(p)) for p in (phrase, m.phrase))  # ("For absence of cough, the patient scores 0")
    if yes_no and duration_met is None and not (own and (m.numeral or not _NEGATION.search(crit.label))):
        # (a clause that is only the criterion's own name, "Previously documented DVT: 0 points",
        # "Absence of cough: 0", says nothing of the finding: its words are the label's. A label
        # that is an absence with its points in words, "Absence of cough; no change in score", is
        # read as said of the patient.)
        # (a duration the clause states decides below: "has had symptoms for one week … do not increment")
        phrase_negative, crit_negative = bool(_NEGATION.search(m.phrase)), bool(_NEGATION.search(crit.label))
        negated = phrase_negative != crit_negative
        if negated and m.points == crit.maximum and not _UNCERTAIN.search(phrase):
            return Verdict(False, f"'{phrase.strip()[:60]}' says the finding is absent: {crit.label} scores 0, not {fmt(m.points)}", None)
        # Present: said so ("has", "present"), or a criterion that is itself an absence stated
        # as such ("Absence of cough; no change in score" for Centor's "cough absent").
        affirmed = _AFFIRM.search(_without_own_name(crit, phrase)) or (crit_negative and phrase_negative)  # not the label's "documented", "positive"
        uncertain = _UNCERTAIN.search(m.phrase) and not (crit_negative and _ASSUMED_ABSENT.search(m.phrase))
        if not negated and m.points == 0 and affirmed and not uncertain:
            says = f"'{crit.label}' is met" if crit_negative else "the finding is present"
            return Verdict(False, f"'{m.phrase.strip()[:60]}' says {says}: {crit.label} scores {fmt(crit.maximum)}, not 0", None)
    if yes_no and m.points > 0:
        rule = _misstated_limit(calc, crit, m.phrase)
        if rule is not None:
            return Verdict(False, f"'{phrase.strip()[:60]}': {crit.label} is met by {rule}, not by the limit the trace states", None)
    if yes_no:
        met = duration_met
        if met is not None:
            want = crit.maximum if met else 0
            if want != m.points:
                return Verdict(False, f"'{phrase.strip()[:60]}': {crit.label} scores {fmt(want)}, not {fmt(m.points)}", None)
            return Verdict(True, f"{crit.label}: {fmt(want)} points", crit.key)
    head, colon, tail = said.partition(":")
    if colon and _COMPARE_OP.search(head) and any(ch.isdigit() for ch in tail):
        said = tail  # "Heart rate > 100 bpm: the patient's heart rate is 68": the rule, then the patient's value
    if truth_intermediates is None and m.points == 0 and _at_cutoff(calc, crit, said) == 0 and not _PATIENT.search(said):
        return None  # "Oxygen saturation < 95%; no points": the criterion's rule named and said not met, not the patient's value
    # "Alcohol ≥8 drinks/week: 0", "For alcohol ≥8 drinks/week, the patient scores 0": the label's threshold, no value
    label_only = _is_own_name(crit, said) or (_DIGIT.search(said) is not None and not _DIGIT.search(_without_own_name(crit, said)))
    stated = None if label_only else _stated_value(calc, crit, said)
    if stated is not None and _NEGATED_BAND.search(said):
        return None  # "DBP is not ≤60 → 0": the band denied, its complement's points not read here
    if stated is not None:
        name, value = stated
        try:
            want = _band_points(crit, stated, inputs)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None
        if float(want) != m.points:
            return Verdict(False, f"'{phrase.strip()[:60]}' scores {fmt(want)} for {crit.label} in the {calc.name}, not {fmt(m.points)}", None)
        if (split := _band_split(crit, name, value, said, m.points, inputs)) is not None:
            # "An INR between 1.7 and 2.4 scores 2 points": the rule gives other points inside the band stated
            return Verdict(False, f"'{phrase.strip()[:60]}' is not one band of the {calc.name}: {split}", None)
        return Verdict(True, f"{crit.label}: {fmt(want)} points", crit.key)
    if rule_item:
        return _rule_verdict(calc, crit, m, phrase, inputs)
    if yes_no and truth_intermediates is None and not _UNCERTAIN.search(m.phrase):
        # No patient data: a finding scored with the points the rule gives it ("Diabetes; +1
        # point", "No hemoptysis; 0 points") is checked against the rule; whether the patient
        # has the finding is not (nothing to check it against).
        said_present = m.points == crit.maximum
        return Verdict(True, f"{crit.label}: {fmt(m.points)} point{'' if m.points == 1 else 's'} when {'present' if said_present else 'absent'} "
                             "(the rule; the finding itself is not checked without the patient data)", crit.key)
    return None


# A clause that is only a value ("So 331 => 10 points", "Thus 4.58 → 3"): the finding is the input
# whose patient value it is, when exactly one criterion reads such a value.
_BARE_VALUE = re.compile(r"^\W*(?:(?:actually|wait|hmm|no|oh)\W+)?(?:(?:so|thus|hence|then|here|therefore)\W+)?(?:(?:he|she)(?:'s|’s|\s+is)\s+|at\s+)?"
                         r"(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                         r"(?:\s*+(?:,\s*+(?:which|that)\s++)?(?:[<>≥≤]=?|is\s+(?:(?:just|slightly|well|barely)\s+)?(?:above|below|over|under|(?:less|greater|more)\s+than))\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?"
                         r"(?:\s*,?\s*(?:so\s+|which\s+|and\s+)?(?:still\s+)?(?:counts?|classed|classified|graded)\s+(?:as\s+)?[a-z]{1,12})?"  # ", still counts as mild"
                         r"|\s+(?:is|lies|falls)\s+(?:in|within|into)\s+(?:the\s+)?\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?(?:\s+(?:range|band))?)?\W*(?:so\W*)?"
                         r"(?:(?:(?:which|that)(?:\s+(?:gives?|earns?|yields?))?|gives?|earns?|yields?)(?:\s+(?:him|her|them|the\s+patient))?\W*"
                         r"|(?:he|she|they|the\s+patient)(?:\s+(?:gets?|scores?|earns?|receives?))?\W*)?$", re.I)  # "15,105 > 15,000, so", "So 52 gives him"


def _criterion_of_value(calc: Calculator, value: float, inputs: dict):
    found = {c.key: c for c in point_items(calc) for n in c.inputs if isinstance(inp := _input_or_none(calc, n), Number)
             and isinstance(inputs.get(n), (int, float)) and not isinstance(inputs.get(n), bool)
             and any(abs(float(inputs[n]) - v) <= 0.005 * max(1.0, abs(v)) for v in (value, unitless_count(value, inp)))}
    # (a count written per µL, "15,105", for an input per nL, 15.105)
    if not found:
        # The value of an input no criterion declares reading, whose name names one criterion ("So 331
        # => 10 points" with an A-a gradient of 331: APACHE II's oxygenation, scored from two tables)
        declared = {n for c in point_items(calc) for n in c.inputs}
        for name, held in inputs.items():
            if (name in declared or not isinstance(held, (int, float)) or isinstance(held, bool)
                    or abs(float(held) - value) > 0.005 * max(1.0, abs(value)) or (inp := _input_or_none(calc, name)) is None):
                continue
            keys = {k for n in input_names(inp) for k in named_in(calc, n)}
            found.update({c.key: c for c in point_items(calc) if c.key in keys})
    return next(iter(found.values())) if len(found) == 1 else None


def _input_or_none(calc: Calculator, name: str):
    try:
        return calc.input(name)
    except (KeyError, LookupError):
        return None


_NAMED_POINTS = re.compile(r"\b(?:points?|pts)\s*\??\s*$", re.I)
_POINTS_LEAD = re.compile(r"\s*(?:[-•*]\s*|\(?\d{1,2}[.)]\s*)?" + _SCORE_FOR + r"[A-Za-z]", re.I)  # "Score for albumin"


def _tally_is_value(calc: Calculator, crit, number: float, inputs: dict | None, phrase: str) -> bool:
    """Is the number of a bare tally ("Creatinine = 2") rather the finding's value, or points this
    criterion never gives? Such a tally is not judged. A tally whose name states the value or band
    ("Age 61-74 = 1") gives points."""
    if _NAMED_POINTS.search(phrase) or _POINTS_LEAD.match(phrase):
        return False  # "age points = 4", "Score for albumin: 3": the name says its number is points
    inps = [_input_or_none(calc, n) for n in crit.inputs]
    numbers = [i for i in inps if isinstance(i, Number)]
    if numbers and number not in _possible_points(crit, _option_values(calc, crit), _flag_input(calc, crit) is not None):
        return True  # "Potassium = 4.2": a value (a choice or a finding has no number of its own: "No ascites = 0" is points)
    if None in inps:
        return True  # an input the calculator does not declare: nothing to tell points from values by
    if any(ch.isdigit() for ch in phrase):
        return False
    for inp in numbers:
        value = (inputs or {}).get(inp.name)
        if value is None or abs(float(value) - number) <= max(0.5, 0.1 * abs(number)):
            return True  # the patient's value, or a value we cannot tell from points
    return False


_RULE_CUE = re.compile(r"\(|=(?!>)|\bif\b|\be\.g\.|\bfor\b", re.I)  # "=>" is an arrow, not "="
_NOT_APPLICABLE = re.compile(r"\b(?:not applicable|n/a|does not apply|not met|not in this|no)\b", re.I)


_UNBRACKET = re.compile(r"[()]")


def _bracketed_band(calc: Calculator, crit, phrase: str, inputs: dict | None) -> float | None:
    """``_phrase_band`` of the clause with its brackets opened ("A (age 65–74): no"); None when it
    has none or the rule cannot place the band."""
    if "(" not in phrase:
        return None
    try:
        return _phrase_band(calc, crit, _UNBRACKET.sub(" ", phrase), inputs)
    except _RULE_ERRORS:
        return None
def _head_band(calc: Calculator, crit, phrase: str, inputs: dict | None) -> float | None:
    """``_phrase_band`` of the clause's heading, before its first colon ("Age ≥ 75: the patient is 72"),
    when the heading states a value or band; None otherwise."""
    head, colon, _ = phrase.partition(":")
    if not colon or not _DIGIT.search(head):
        return None
    try:
        return _phrase_band(calc, crit, head, inputs)
    except _RULE_ERRORS:
        return None


# A band said not to be the patient's ("not applicable", "no", "he is over 75"), not a row of a table recited.
_NOT_THIS_BAND = re.compile(r"(?=[adhinps])\b(?:no|not|none|n/?a|he|she|patient|doesn'?t|does\s+not|already\s+(?:counted|scored|included)|in(?:cluded)?\s+(?:A2|A₂|the\s+above))\b", re.I)  # ("— (already counted) | 0")


def _phrase_band(calc: Calculator, crit, phrase: str, inputs: dict | None) -> float | None:
    """The points of the value or band the clause states (None: it states none); raises what the
    criterion's rule raises when it cannot place it."""
    tail = phrase.rsplit(":", 1)[-1]
    stated = _stated_value(calc, crit, tail) if ":" in phrase and any(ch.isdigit() for ch in tail) else None
    if stated is None:  # "CHA2DS2-VASc: Age 65-74": the band after the colon, not the score's name
        stated = _stated_value(calc, crit, phrase)
    return None if stated is None else float(_band_points(crit, stated, inputs))


# "A2 is age 75 or older, which gives 2 points", "Then S2 stands for prior stroke or TIA — 2 points":
# a letter of the score's name defined: the rule, whatever the patient has.
_DEFINES = re.compile(
    r"\A\s*(?:[-•*]\s*)?(?:(?i:first|then|next|now|and|also|finally|lastly|second|third)\b[,\s]*)*"
    r"(?P<code>[A-Z][a-z]*[0-9₂]?|\d{2})(?:\s*\(\w+\))?\s+(?i:is|stands\s+for|represents|refers\s+to)\s+(?![-+−]?\d)")  # (one run of spaces: linear)


_DECIDED_AFTER_DEFINITION = re.compile(r"[:→—]|\s[-–]\s")


def defines_letter(calc: Calculator, phrase: str) -> int:
    """Where the definition starts when the clause defines a letter of the score's mnemonic ("C is
    congestive heart failure"), else 0."""
    m = _DEFINES.match(phrase)
    if m is None or m.group("code") not in _mnemonic(calc) or _DECIDED_AFTER_DEFINITION.search(phrase, m.end()):
        return 0  # ("H is for History: slightly suspicious, 0 points": defined, then decided for this patient)
    return m.end()


@lru_cache(maxsize=256)
def _mnemonic(calc: Calculator) -> frozenset[str]:
    """The letters (with their digits) of a score's acronym: CHA2DS2-VASc's C, H, A2, D, S2, V, A, Sc;
    CURB-65's C, U, R, B, 65; FeverPAIN's Fever, P, A, I, N."""
    codes = set()
    for word in re.findall(r"[A-Za-z0-9₂]+", f"{calc.name} {calc.medcalc_name or ''}"):
        if sum(ch.isupper() for ch in word) >= 2:
            codes.update(re.findall(r"[A-Z][a-z]*[0-9₂]?", word))
        elif word.isdigit() and len(word) == 2:
            codes.add(word)
    return frozenset(codes)


# "which places her in the 65–74 age group", "HR 107 falls into 110-139": the trace puts the patient in the band it names.
_PLACED_IN = re.compile(r"(?=[pflb])\b(?:plac(?:es|ed|ing)|puts?|putting|falls?|falling|fell|lies|lying|belongs?)\s+(?:(?:her|him|them|the\s+patient|it)\s+)?"
                        r"(?:in|into|within|under|to)\b", re.I)


_RANGE_NUMBERS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)(?![\d.])")
_LONE_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _row_beside_value(phrase: str) -> bool:
    """Does the clause end in a range ("200-349") that the value written before it (of the range's
    magnitude: "375") lies outside? Then the range is a row of the table recited beside the
    patient's value (for criteria with no one input that places a band)."""
    ranges = list(_RANGE_NUMBERS.finditer(phrase))
    if not ranges:
        return False
    last = ranges[-1]
    a, b = sorted(float(x) for x in last.groups())
    before = [float(n.group()) for n in _LONE_NUMBER.finditer(phrase, 0, last.start()) if not any(r.start() <= n.start() < r.end() for r in ranges)]
    near = [v for v in before if a / 10 <= v <= b * 10]
    return bool(near) and not a <= near[-1] <= b


_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def _lone_band_row(calc: Calculator, crit, phrase: str, inputs: dict | None) -> float | None:
    """The points of the one band a clause names when it names nothing else with a number ("ages
    40–49 score 1 point": a row of the score's table, not a value of the patient's); None otherwise."""
    ranges = _BAND_STATED.findall(phrase)
    if (len(crit.inputs) != 1 or len(ranges) != 1 or len(_NUMBERS.findall(phrase)) != 2 or _PATIENT.search(phrase)
            or not isinstance(_input_or_none(calc, crit.inputs[0]), Number)):  # (a measured value's band, not an option's "1-3 times normal")
        return None  # (a band of one input, said of no patient: "because the patient's age is 61–74" places the patient)
    try:
        return _phrase_band(calc, crit, phrase, inputs)
    except _RULE_ERRORS:
        return None


def _band_holding_own(calc: Calculator, crit, phrase: str, inputs: dict | None) -> str | None:
    """The range a clause states around the patient's own value that it also states ("Age 77: in
    the 65–79 range"): the trace places the patient there. None when the clause states no such
    range or not the patient's value beside it."""
    if not inputs or len(crit.inputs) != 1 or not isinstance(own := inputs.get(crit.inputs[0]), (int, float)) or isinstance(own, bool):
        return None
    ranges = list(_BAND_RANGE_ANY.finditer(phrase))
    rest = _BAND_RANGE_ANY.sub(" ", phrase)
    if not any(close(float(v.group()), float(own), decimals_of(v.group())) for v in _LONE_VALUE.finditer(rest)):
        return None
    for r in ranges:
        low, high = _range_bounds(r)
        if low <= own <= high:
            return r.group()
    return None


_RANGE_SEPARATOR = re.compile(r"\s*(?:[-–—]|to)\s*")


def _range_bounds(r: re.Match) -> tuple[float, float]:
    """(low, high) of a range ``_BAND_RANGE_ANY`` matched ("65–79", "1.7 to 2.4")."""
    low, high = _RANGE_SEPARATOR.split(r.group(), maxsplit=1)
    return parse_number(low), parse_number(high)


_INPUTS_LISTED = re.compile(r",\s*|\s+and\s+|\s*[–—:=]\s*")


def _lists_inputs(calc: Calculator, crit, phrase: str) -> bool:
    """Does the phrase list two or more of a criterion's inputs by name ("Risk factors – hypertension,
    hypercholesterolemia, smoking: 1 point")? That is the patient's findings counted, not the rule."""
    if len(crit.inputs) < 2 or ("," not in phrase and " and " not in phrase):
        return False
    named = {n for part in _INPUTS_LISTED.split(phrase) if (n := input_for(calc, part.strip(" *()"))) in crit.inputs}
    return len(named) >= 2


def _about_another_band(m: Mention, phrase: str, want: float, band: float | None, bracketed, headed=None) -> bool:
    """The clause speaks of a band or option that is not the patient's (``band``: the points of
    the one it states; ``bracketed()``: of one it states in brackets, "A (age 65–74)"): its rule
    ("Sex category (female = 1 point)", "age 65-74 = 1") or that it does not apply ("Age 65–74:
    not applicable → 0", "A (age 65–74): no → 0", "Age ≥65 → 0 points (patient is 47)": a remark
    after the points says so too). Its points are then the band's, not a score given to this patient."""
    if (m.points == 0 and want > 0 and not (m.concluded or _PLACED_IN.search(phrase))
            and _NOT_THIS_BAND.search(f"{phrase} {m.phrase} {m.remark}")):
        shown = band if band is not None else bracketed()
        if shown is not None and shown != want and shown != 0:
            return True
        if headed is not None and (head := headed()) is not None and head != want and head != 0:
            return True  # "A₂ – Age ≥ 75: The patient is 72, so this does not apply → 0": the heading's band, not the patient's
    if band is None:
        return False
    if band == want:
        return False  # the patient's own band: the points are this patient's
    if m.points == band and (m.tally or _RULE_CUE.search(phrase)):
        return True  # "Age >65 = 1", "age 65-74 = 1 point" for a patient of 59: the band's rule
    return m.points == 0 and _NOT_APPLICABLE.search(phrase) is not None


_IS_END = re.compile(r"\b(?:is|are)\s*$", re.I)
# A range ("RR 10-19 => 0") is a row of the score's table; a comparison ("alcohol <2 drinks/day → 0") says
# where the trace places the patient.
_BAND_STATED = re.compile(r"\d\s*[-–]\s*\d")
_THRESHOLD = re.compile(r"(?:[<>≥≤]=?|more than|greater than|less than|at least)\s*\d+(?:\.\d+)?\s*[A-Za-z/%°µ]*"
                        r"|(?<!\d)\d+(?:\.\d+)?\s*+(?:[A-Za-z/%°µ]+\s+)?(?:or|and)\s+(?:older|more|above|greater|higher|over|less|lower|under|younger|fewer|below)\b", re.I)  # "75 or older"
_PATIENT = re.compile(r"\b(?:patient|present|has|had|have|met|yes|no|not|absent|none|denies|reported|documented|noted|shows?|given|because|since|so|thus|therefore|which)\b|→", re.I)


def _names_only(calc: Calculator, crit, phrase: str, inputs: dict | None = None) -> bool:
    """Does the phrase only name the criterion (with its threshold), saying nothing of the patient?
    With the patient's data (``inputs``): a value with no threshold or range that is the patient's
    own ("A-a gradient 375: 2 points") says the points are this patient's."""
    if _PATIENT.search(phrase):
        return False
    rest = _THRESHOLD.sub(" ", phrase)
    if inputs and crit.key and any(close(float(v.group()), float(x), decimals_of(v.group())) for v in _LONE_VALUE.finditer(
            _BAND_RANGE_ANY.sub(" ", _LIST_NUMBER.sub(" ", rest))) for x in inputs.values()
            if isinstance(x, (int, float)) and not isinstance(x, bool)):
        return False
    vocab = frozenset().union(*(t for t, c, _ in _vocab(calc) if c is crit))
    return not (_tokens(rest) - vocab - _WEAK)


# Not "PaO2", "HCO3", "1/2"; not a list's number ("7. Malignancy …") nor a duration of the rule ("within 6 months").
_LONE_VALUE = re.compile(r"(?<![\w.,/^])(?<!^)(?<!^\s)\d+(?:\.\d+)?(?![\w.,/^])(?!\s*(?:hours?|hrs?|days?|weeks?|wks?|months?|mos?)\b)", re.I)
_LIST_NUMBER = re.compile(r"^\W*\d{1,2}[.)]\s")
_BAND_RANGE_ANY = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*+(?:[-–—]|to)\s*\d+(?:\.\d+)?")  # (from a number's first digit: a long run of digits is read once)


# "not mentioned, assume absent": the trace takes the finding as absent (a criterion that is an
# absence, such as Centor's "cough absent", is then met).
_ASSUMED_ABSENT = re.compile(r"\bassum\w*\s+(?:it\s+(?:is\s+|to\s+be\s+)?|to\s+be\s+|as\s+)?(?:absent|not\s+present|none|negative)\b", re.I)
_AFFIRM = re.compile(r"\b(?:has|have|had|is present|are present|present|positive|yes|met|reported|documented|confirmed|with a history)\b", re.I)
_UNCERTAIN = re.compile(r"\b(?:not mentioned|not reported|not documented|unknown|unclear|not specified|not stated|assum\w*|if|may|might|possible|possibly)\b", re.I)


_LIMIT = re.compile(
    r"(?:(?P<op>≤|<=|<|≥|>=|>|within|at least|at most|more than|less than|over|under)\s*+)?(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s*+(?P<u>days?|hours?|h\b|weeks?)"
    r"(?P<post>\s+or\s+(?:less|fewer|more|longer))?",
    re.I,
)
_TO_DAYS = {"d": 1.0, "h": 1 / 24, "w": 7.0}


def _interval(m: re.Match) -> tuple[float, float]:
    """[lo, hi] in days that a duration with its comparator denotes."""
    v = float(m.group("v")) * _TO_DAYS[m.group("u").lower()[0]]
    op = (m.group("op") or "").lower()
    post = (m.group("post") or "").lower()
    if op in ("≤", "<=", "within", "at most") or "less" in post or "fewer" in post:
        return (0.0, v)
    if op in ("<", "less than", "under"):
        return (0.0, v - 1e-6)
    if op in ("≥", ">=", "at least") or "more" in post or "longer" in post:
        return (v, float("inf"))
    if op in (">", "more than", "over"):
        return (v + 1e-6, float("inf"))
    return (v, v)


def _misstated_limit(calc: Calculator, crit, phrase: str) -> str | None:
    """The criterion's own duration limit when the clause states a different limit for it
    ("Symptom onset < 7 days; +1" for onset ≤ 3 days), else None. Whole days: "< 4 days" is
    "≤ 3 days"."""
    if re.search(r"\bor\b", crit.label) or _NEGATION.search(phrase):
        return None
    rules = [m for m in _LIMIT.finditer(crit.label) if m.group("op") or m.group("post")]
    said = [m for m in _LIMIT.finditer(_PARENS.sub(" ", phrase)) if m.group("op") or m.group("post")]
    if len(rules) != 1 or len(said) != 1:
        return None
    lo, hi = _interval(rules[0])
    a, b = _interval(said[0])
    if abs(a - lo) <= 1 and abs(b - hi) <= 1 or (b == hi == float("inf") and abs(a - lo) <= 1):
        return None  # the same limit, or one whole day apart ("< 4 days" / "≤ 3 days")
    return rules[0].group().strip()


def _threshold_met(calc: Calculator, crit, phrase: str) -> bool | None:
    """For a yes/no criterion defined by a duration ("onset ≤ 3 days"), whether the duration the
    clause states meets it (None when the clause states none, or an interval that straddles it)."""
    inps = [_input_or_none(calc, name) for name in crit.inputs]
    if None in inps:
        return None
    texts = [crit.label, *(i.description for i in inps)]
    if re.search(r"\bor\b", crit.label) or _NEGATION.search(phrase):
        return None  # a compound criterion, or a clause about the finding's absence
    rules = [m for t in texts for m in _LIMIT.finditer(t) if m.group("op") or m.group("post")]
    said = [m for m in _LIMIT.finditer(_PARENS.sub(" ", phrase))]
    if len(said) != 1 or said[0].group("op") or said[0].group("post"):
        # "Symptom onset ≤3 days: … for one week (7 days)": the rule restated is not the patient's duration
        plain = [m for m in _LIMIT.finditer(phrase) if not (m.group("op") or m.group("post"))]
        if len(plain) == 1:
            said = plain
    if not rules or len(said) != 1:
        return None
    rule = rules[0]
    lo, hi = _interval(rule)
    a, b = _interval(said[0])
    if lo <= a and b <= hi:
        return True
    if b < lo or a > hi:
        return False
    return None


def is_total(phrase: str) -> bool:
    """Does the phrase introduce a total or the score itself ("the CCI score is"), not a criterion?"""
    return _TOTAL.search(phrase) is not None


# The words around a criterion's name in a tally line that say nothing of the finding: "For …, the
# patient scores 0", "0 points for …".
_FRAME_LEAD = re.compile(r"(?:for|score\s+for|points?\s+for)\s+", re.I)


def _unframed(phrase: str) -> str:
    """The phrase without a tally's frame around the name (linear: strips, one anchored match)."""
    p = phrase.strip(" \t-*•#>:|.,;")
    if (m := _FRAME_LEAD.match(p)) is not None:
        p = p[m.end() :]
    if p.lower().endswith("the patient"):
        p = p[: -len("the patient")].rstrip(" ,")
    return p


def _as_said(phrase: str) -> str:
    """A name as written, list marks and table bars aside, lower case (compared with labels)."""
    return phrase.strip(" \t-*•#>:|").lower()


def _is_own_name(crit, phrase: str) -> bool:
    """Is the phrase the criterion's label or one of its phrases, as written (list marks aside)?"""
    said = _as_said(phrase)
    return said in (crit.label.lower(), *(p.lower() for p in crit.phrases))


def _without_own_name(crit, phrase: str) -> str:
    """The phrase with the criterion's label and phrases blanked (case aside)."""
    for name in sorted((crit.label, *crit.phrases), key=len, reverse=True):
        if len(name) > 3:
            phrase = re.sub(re.escape(name), " ", phrase, flags=re.I)
    return phrase


def _finding(calc: Calculator, crit) -> bool:
    """Is the criterion a finding present or absent (one of its inputs yes/no), whatever else
    sets its points (ATP III smoking: by age and sex)?"""
    return any(getattr(_input_or_none(calc, name), "kind", None) == "flag" for name in crit.inputs)


def _flag_input(calc: Calculator, crit) -> str | None:
    """The criterion's single yes/no input, if it has exactly one (or it groups flags: any_of)."""
    inps = [_input_or_none(calc, name) for name in crit.inputs]
    if None in inps:
        return None
    kinds = [i.kind for i in inps]
    if kinds and all(k == "flag" for k in kinds):
        return crit.inputs[0]
    return None


def _is_any_of(crit) -> bool:
    """Does any one of the criterion's inputs alone give its points (declared by the calculator)?"""
    return crit.any_of and crit.maximum > 0 and crit.minimum == 0


@lru_cache(maxsize=1024)
def possible_points(calc: Calculator, crit) -> frozenset[float]:
    """The points the criterion can give (``_possible_points`` with the calculator's view of its inputs)."""
    return _possible_points(crit, _option_values(calc, crit), _flag_input(calc, crit) is not None)


@lru_cache(maxsize=1024)  # per criterion: sampled once
def _possible_points(crit, options: tuple = (), flags: bool = False) -> frozenset[float]:
    """Points the criterion can give (sampled from its decision on typical inputs, and on tenths up
    to 20 where they give whole points; every combination when its inputs are a few yes/no
    findings)."""
    pts = {float(crit.minimum), float(crit.maximum)}
    if flags and 1 <= len(crit.inputs) <= 6:  # yes/no findings: every combination, exactly
        out = set()
        for bits in range(1 << len(crit.inputs)):
            try:
                out.add(float(crit.points({n: bool(bits >> k & 1) for k, n in enumerate(crit.inputs)})))
            except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
                return frozenset(pts | set(float(p) for p in range(int(crit.minimum), int(crit.maximum) + 1)))
        return frozenset(out | pts)
    if len(crit.inputs) == 1:
        samples = [-1e9, 0.5, 38.5, 1e9, *range(0, 41), *range(45, 505, 5), 101, 131, 141, 161, 181]
        tenths = [k / 10 for k in range(200) if k % 10]  # bands such as SOFA's bilirubin 1.2-1.9
        for v in (*samples, *options, *tenths):
            try:
                p = float(crit.points({crit.inputs[0]: v}))
            except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
                continue
            if p.is_integer() or not isinstance(v, float) or v in samples:  # an item that passes its input through is not sampled into tenths
                pts.add(p)
    else:
        pts.update(float(p) for p in range(int(crit.minimum), int(crit.maximum) + 1))
    if crit.maximum - crit.minimum > 6:  # wide ranges (PSI, APACHE): any integer in between
        pts.update(float(p) for p in range(int(crit.minimum), int(crit.maximum) + 1))
    return frozenset(pts)


def _spelled_in(low: str, spelling: str) -> bool:
    """Is the (lower-case) spelling written in ``low`` as words, not inside a longer word?"""
    return spelling in low and re.search(r"(?<![a-z])" + re.escape(spelling) + r"(?![a-z])", low) is not None


def _stated_option(inp: Choice, phrase: str) -> tuple[str, str] | None:
    """(input, option) when the phrase names exactly one option of a choice ("female")."""
    low = phrase.lower()
    hits = set()
    for opt, spellings in inp.options.items():
        for w in (opt, *spellings):
            if len(w) >= 3 and not w.isdigit() and _spelled_in(low, w.lower()):
                hits.add(opt)
    return (inp.name, hits.pop()) if len(hits) == 1 else None


_LAST_PART = re.compile(r";|,(?!\d{3}(?!\d))|\s(?:so|therefore|thus|hence|and)\s", re.I)  # not the comma of "4,000"
_PARENS = re.compile(r"\([^()]*\)")


_BAND_RANGE = re.compile(r"\b(?:in|within)\s+(?:the\s+)?(?:[<>≤≥]?\s*\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?|[<>≤≥]=?\s*\d+(?:\.\d+)?)\s*[^\s,;]{0,8}\s*(?:range|band)\b", re.I)  # "in the 1.2–2.0 mg/dL range", "in the <2 mg/dL range"
_COUNT_SCALE = re.compile(r"\s*(?:[×x*]|\\times)\s*10\s*(?:\^|\*\*)?\s*[{(]?(?:3|9|³|⁹)[})]?\s*(?:/|per\s+)\s*(?:µL|uL|μL|mm3|mm³|L)\b", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:and|&)\s*(\d+(?:\.\d+)?)", re.I)
_BAND_CUE = re.compile(r"\b(?:falls?|lies|is|in|within|range|band|category|between)\b", re.I)


def _band_split(crit, name: str, value: float, said: str, points: float, inputs: dict | None) -> str | None:
    """Where the rule gives other points than ``points`` inside the one range the clause states
    ("between 1.7 and 2.4": 2.4 scores 3), as text; None when it gives them throughout, or the
    clause states no single range."""
    ranges = list(_BAND_RANGE_ANY.finditer(said))
    if len(ranges) != 1 or not isinstance(value, (int, float)):
        return None
    lo, hi = _range_bounds(ranges[0])
    if not lo < hi or not close(value, lo, None, rel=1e-9):
        return None  # (a value stated beside the band, "2.0 mg/dL falls in 1.2–2.0": the value's points are judged)
    for x in (lo, (lo + hi) / 2, hi - (hi - lo) * 0.01):  # (just inside its top: "1.5 to 2" may mean up to 2)
        try:
            p = float(_band_points(crit, (name, x), inputs))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None
        if p != points:
            return f"{fmt(x)} scores {fmt(p)}, not {fmt(points)}"
    return None


def _band_points(crit, stated: tuple[str, float], inputs: dict | None) -> float:
    """The criterion's points for the value or band a clause states; a criterion that also reads
    other inputs (ATP III cholesterol points by age and sex) takes them from the patient's data
    (KeyError without them)."""
    if len(crit.inputs) > 1:
        return crit.points({**(inputs or {}), stated[0]: stated[1]})
    return crit.points({stated[0]: stated[1]})


_COMPARE_OP = re.compile(r"[<>≤≥]|\b(?:greater|more|higher|older|larger|less|lower|fewer|younger|smaller)\s+than\b|\b(?:over|above|under|below|at\s+least|at\s+most)\s+\d", re.I)
_NEGATED_OP = re.compile(r"\b(?:not|n't|never)\s*$", re.I)


def _at_cutoff(calc: Calculator, crit, phrase: str) -> float | None:
    """When the clause states only a comparison at the criterion's own cut-off ("SaO2 < 95%",
    "Heart rate > 100"), where its points change, the points on the other side of the cut-off:
    "SaO2 < 95%; no points" names the rule and says it is not met (only the patient's data can
    tell whether it is). None otherwise."""
    found = [m for m in _COMPARE.finditer(_PARENS.sub(" ", phrase)) if m.group("v")]
    if len(crit.inputs) != 1 or len(found) != 1 or not found[0].group("op") or found[0].group("rng") or _NEGATED_OP.search(phrase, 0, found[0].start()):
        return None
    stated = _stated_value(calc, crit, phrase)
    if stated is None:
        return None
    bound = float(found[0].group("v").replace(",", ""))
    if abs(stated[1] - bound) > 1:
        return None  # converted to another unit: not the plain cut-off
    try:
        inside, other = crit.points({stated[0]: stated[1]}), crit.points({stated[0]: 2 * bound - stated[1]})
    except _RULE_ERRORS:
        return None
    return float(other) if other != inside else None


def _stated_value(calc: Calculator, crit, phrase: str) -> tuple[str, float] | None:
    """(input, value) the clause states for a one-number criterion: the value itself ("Age 77",
    "bilirubin 1.9 mg/dL") or the band it names ("Age > 65" -> just over 65, "65-74" -> 65).
    Parenthesised text (a band's description) is ignored; a unit other than the input's is
    converted, and a number whose unit cannot be converted is not read."""
    inps = [_input_or_none(calc, n) for n in crit.inputs]
    if None in inps:
        return None
    choices = [i for i in inps if isinstance(i, Choice)]
    if len(inps) == 1 and choices:
        return _stated_option(choices[0], phrase)
    numbers = [i for i in inps if isinstance(i, Number)]
    if len(numbers) > 1 and isinstance(inps[0], Number):
        numbers = inps[:1]  # the value the criterion grades comes first; the others qualify it (age, sex)
    if len(numbers) != 1:
        return None
    inp = numbers[0]
    name = inp.name
    text = _PARENS.sub(" ", phrase)
    if name != "age":
        text = _AGE_QUALIFIER.sub(" ", text)  # "160-199 for age 50-59": the age band qualifies the value
    if inp.unit == "1/nL" and "10" in text:  # a count per 10^9/L ("× 10^3/µL" says the same)
        text = _COUNT_SCALE.sub(" /nL", text)  # "15.1 × 10^3/µL", "15.1 x10^9/L": the scale is the unit
    found = list(_COMPARE.finditer(text))
    if len(found) > 1 and not found[0].group("rng") and all(f.group("rng") or _BAND_CUE.search(text, found[0].end(), f.start()) for f in found[1:]):
        found = found[:1]  # "2.0 mg/dL falls in the 1.2–2.0 mg/dL range": the value, then a band
    if len(found) > 1:  # several numbers: the one written with the input's unit
        words = tuple(w for w in re.split(r"[/\s]", (inp.unit or "").lower()) if len(w) >= 2)
        found = [m for m in found if any(w in text[m.end() : m.end() + 14].lower() for w in words)]
    if len(found) != 1:
        return None  # none, or several numbers: which one is the patient's is unclear
    m = found[0]
    if len(numbers) == 1 and len(inps) > 1 and (named := _named_last(inps, text[: m.start()])) is not None:
        inp = named  # "SBP ≥ 90, DBP > 60": the value of the input named before it (a criterion on two pressures)
        name = inp.name
    v = float(m.group("v").replace(",", ""))
    unit, _ = unit_at(text, m.end())
    if unit and unit.lower() not in ("years", "year", "bpm", "%") and unit != inp.unit:
        try:
            v = convert(v, unit, inp.unit, getattr(inp, "analyte", None))
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
    op = re.sub(r"\s+", " ", (m.group("op") or "").lower())
    lo, hi = inp.range
    if not unit and v > hi:
        v = unitless_count(v, inp)  # a count per µL written without its unit ("WBC 15,105")
    if not lo <= v <= hi:
        return None
    if op and _NEGATED_OP.search(text, 0, m.start()):
        return name, v  # "not greater than 90": at most 90; "not less than 65": at least 65
    # Ages count in completed years: "> 65" is 66 (HAS-BLED scores 66, not 65.5).
    step = 1.0 if name == "age" and v.is_integer() else 0.5 if inp.integer or v.is_integer() else 0.05
    if _ABOVE.match(op):
        v += step
    elif _BELOW.match(op):
        v -= step
    return name, v



def _named_last(inps: list, before: str):
    """The numeric input among a criterion's inputs whose name or alias is written last in
    ``before`` (the clause up to a number), or None when none is named there."""
    low, best, at = before.lower(), None, -1
    for inp in inps:
        if not isinstance(inp, Number):
            continue
        for word in (inp.name.replace("_", " "), *(a.lower() for a in inp.aliases)):
            pos = low.rfind(word)
            if pos > at and (pos == 0 or not low[pos - 1].isalnum()) and not low[pos + len(word) : pos + len(word) + 1].isalnum():
                best, at = inp, pos
    return best


# A number that bounds a band rather than states the patient's value: "65 or older", "100 and above", "65+".
_BOUND_AFTER = re.compile(r"\s*(?:[A-Za-z/%°µ]{1,12}\s*)?(?:\+|(?:or|and)\s+(?:more|older|above|greater|higher|over|less|lower|below|fewer|under|younger)\b)", re.I)
_BOUND_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:than|equal\s+to|at\s+(?:least|most)|over|above|under|below|exceed\w*|up\s+to|threshold(?:\s+of|\s+is)?|cut-?off(?:\s+of|\s+is)?))\s*\Z", re.I)
_LIST_MARK_LINE = re.compile(r"\s*(?:[-•*]\s*)?[(\[]?\d{1,2}[.)\]]\s*")  # a list mark from its line's start: "3) Respiratory rate", "2. Age", "(3) Age", "[3] Age"
_BOUND_REACH = 40  # characters before a number where the words of a bound ("at least", "threshold of") end


def patient_value(m: Mention, calc: Calculator, text: str, offset: int) -> tuple[str, int, int, str, str | None] | None:
    """The patient's value a criterion's clause states beside its rule ("Age >65: patient is 38 → +0",
    "Heart rate > 100: the patient has a heart rate of 79 beats/min, so 1.5 points"): (input, start,
    end, number as written, unit), offsets absolute, for a criterion graded on one number. Only a
    plain number counts: not a bound ("> 65", "65 or older", "65+"), a band ("65-74"), a number of
    the criterion's own rule, a pair ("182/110"), a list marker, or one written in a unit that is not
    the input's kind; and only when exactly one such number is written. ``text`` is the step's text,
    starting at ``offset`` in the trace."""
    if not _DIGIT.search(m.phrase) or "between" in m.phrase.lower():
        return None
    found = _value_in_phrase(m.phrase, m.tally, calc)
    if found is None:
        return None
    at = text.rfind(m.phrase, 0, m.start - offset + 1)
    if at < 0:
        return None
    name, s, e, written, unit = found
    return name, offset + at + s, offset + at + e, written, unit


@lru_cache(maxsize=4096)
def _value_in_phrase(phrase: str, tally: bool, calc: Calculator) -> tuple[str, int, int, str, str | None] | None:
    """``patient_value`` within the phrase (offsets in it); cached: the same clauses recur."""
    _, crit, _ = _named_finding(Mention(0, 0, 0.0, phrase, tally=tally), calc, None)
    if crit is None or len(crit.inputs) != 1:
        return None
    inp = _input_or_none(calc, crit.inputs[0])
    if not isinstance(inp, Number):
        return None
    rule_numbers = {parse_number(n) for t in (crit.label, *crit.phrases) for n in re.findall(r"\d+(?:\.\d+)?", t)}
    found = []
    for c in _COMPARE.finditer(phrase):
        s, e = c.start("v"), c.end("v")
        prev, nxt = phrase[s - 1 : s], phrase[e : e + 1]
        if c.group("op") or c.group("rng") or (prev and (prev.isalnum() or prev in "/.")) or nxt in ("/", "%") and inp.unit != "%":
            continue
        # (each test reads near the number only, so a long phrase with many numbers is read in linear time)
        k = s
        while k > 0 and phrase[k - 1].isspace():
            k -= 1
        line = phrase.rfind("\n", 0, s) + 1
        if (_BOUND_AFTER.match(phrase, e) or _BOUND_BEFORE.search(phrase, max(0, k - _BOUND_REACH), s)
                or (s - line <= _BOUND_REACH and _LIST_MARK_LINE.fullmatch(phrase, line, e + len(nxt)))):
            continue
        v = parse_number(c.group("v"))
        if v in rule_numbers:
            continue
        found.append((s, e, v))
    if len(found) != 1:
        return None
    s, e, v = found[0]
    unit, _ = unit_at(phrase, e)
    if unit is not None and unit.lower() not in ("years", "year", "bpm") and unit != inp.unit:
        try:
            v = convert(v, unit, inp.unit, getattr(inp, "analyte", None))
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
    if unit is None:
        v = unitless_count(v, inp)
    lo, hi = inp.range
    if not lo <= v <= hi:
        return None
    return inp.name, s, e, phrase[s:e], unit


# --- rows of a score's table, recited ---------------------------------------------------------
# Thinking recites a criterion's table as rows: "RR 30-34 => 1 point, >34 => 2 points",
# "201-300 => 2; >300 => 3", "Age 50-54: 8". A row states a band of the criterion's value and
# the points the band gets; it is a rule, whoever the patient is, and is checked as one: the
# points the calculator gives inside the band. A row without a name continues the criterion
# named by the row before it in the same list.
_ROW_BAND = (
    r"(?:(?<!\d)(?P<lo>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:[-–]|to)\s*(?P<hi>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"|(?P<op>[<>]=?|≥|≤)\s*(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))"
    r"\s*+(?P<unit>[A-Za-z/%°µ][A-Za-z0-9/%°µ.^]{0,12})?\s*+(?:=>|->|→|⇒|:|=)\s*+(?:\+|(?P<neg>[-−]))?(?P<p>\d{1,2}(?:\.\d)?)(?![\d.,]\d)"
)
_ROW_MARK = r"[,;.)?]|\band\b|\bor\b|\Z"


def _row_pattern(listed: bool) -> re.Pattern:
    r"""A row, ending where its clause does: ("points") then a mark, "and"/"or", the end, or a line
    break among the spaces after it; ``listed``: or a spaced dash right after it ("120-129: 1 - ").
    The same matches as ``\s*(?:points?|pts?)?(?=\s*(?:mark|\n)|(?<!\s)\s++[-–•]\s)``, written so a
    long run of spaces is read once (that form re-read the run from each of its positions)."""
    dash = r"(?<!\s)\s++[-–•]\s"
    after = r"\s*+(?:" + _ROW_MARK + r")|[^\S\n]*+\n" + ("|" + dash if listed else "")
    end = r"\s*+(?:points?|pts?)(?=" + after + r")|\s*+(?=" + _ROW_MARK + r")|\s*(?=\n)" + ("|(?=" + dash + ")" if listed else "")
    return re.compile(_ROW_BAND + "(?:" + end + ")", re.I)


_ROW = _row_pattern(listed=False)
# Rows of a list on one line ("- <120: 0 - 120-129: 1 - … SBP 131 => 2 points"): told apart from the
# finding's points after them (``_read``), not judged as rows (a spaced dash joins other things too).
_ROW_OR_LISTED = _row_pattern(listed=True)
# The row's name: the words right before its band, back to the start of the clause.
_ROW_NAME = re.compile(r"(?:\A|[,;.(\n]|:\s)\s*(?:[-•*]\s*)?(?P<name>[A-Za-z][A-Za-z0-9₂ ./'-]{0,40}?)\s*:?\s*\Z")
_ROW_GAP = re.compile(r"\A\s*+(?:[,;]|\band\b|\bor\b)?\s*+\Z", re.I)  # what may stand between two rows of one list
# A table recited as a dashed list on one line under its name ("Age points: - 20-34: 0 - 35-39: 2 -
# … - 50-54: 8"): the head ends in a colon and a dash, and rows are joined by spaced dashes.
_DASHED_HEAD = re.compile(r"(?:\A|[,;.(\n]|:\s)\s*(?P<name>[A-Za-z][A-Za-z0-9₂ ./'()-]{0,48}?)\s*:\s*[-–•]\s+\Z")
_DASHED_GAP = re.compile(r"\A\s+[-–•]\s+\Z")
_ROW_CUE = re.compile(r"\d\s*+[A-Za-z/%°µ.^]{0,12}+\s*+(?:=>|->|→|⇒|:|=)\s*\+?\d")  # (possessive: a run of spaces is split one way only)


def _row_value(calc: Calculator, crit, number: str, unit: str | None) -> float | None:
    """The criterion's input value a row's number stands for (in the input's unit; "> 34": just
    past 34, as ``_stated_value`` reads a bound), or None."""
    stated = _stated_value(calc, crit, f"{number} {unit or ''}".strip())
    if stated is not None:
        return stated[1]
    inp = _input_or_none(calc, crit.inputs[0]) if len(crit.inputs) == 1 else None
    op = re.match(r"[<>]=?|≥|≤", number)
    v = float(number[op.end() if op else 0 :].replace(",", ""))
    if isinstance(inp, Number) and v >= 1000 and not unit and re.search(r"10\^?[39]|10³|10⁹|/nL", inp.unit or ""):
        v /= 1000  # "WBC 10,000-15,000": cells per µL for a count kept in thousands
        lo, hi = inp.range
        if not lo <= v <= hi:
            return None
        stated = _stated_value(calc, crit, f"{op.group() if op else ''}{v:g}")
        return None if stated is None else stated[1]
    return None


def _row_points(calc: Calculator, crit, m: re.Match, inputs: dict | None) -> tuple[frozenset[float], bool, tuple[float, float]] | None:
    """The points the criterion gives inside the row's band (``_band_of_row``), whether the
    patient's own value lies in the band (then the row is the patient's) and the band's bounds.
    None: unreadable."""
    band = _band_of_row(calc, crit, m.group("lo"), m.group("hi"), m.group("op"), m.group("v"), m.group("unit"))
    if band is None:
        return None
    points, (low, high) = band  # (no points: a criterion that other inputs qualify, its band only)
    own = inputs.get(crit.inputs[0]) if inputs else None
    if not isinstance(own, (int, float)):
        return points, False, (low, high)
    op = m.group("op")  # "<2": a bilirubin of 2.0 is not in the band (a range's ends are)
    return points, (low < own if op == ">" else low <= own) and (own < high if op == "<" else own <= high), (low, high)


_TABLE_SELECTORS = frozenset({"age", "sex"})
_QUALIFYING_AGE = re.compile(r"\b(?:at|for|in|among)\s+(?:the\s+)?(?:ages?|aged)\s*\Z", re.I)


@lru_cache(maxsize=4096)
def _band_of_row(calc: Calculator, crit, lo: str | None, hi: str | None, op: str | None, v: str | None,
                 unit: str | None) -> tuple[frozenset[float], tuple[float, float]] | None:
    """(points, (low, high)) of a row's band: the points the criterion gives inside it (a range
    sampled just inside its ends and at its middle; an open band just past its bound) and the
    band's bounds in the input's unit; for a criterion whose table the patient's age or sex selects
    (ATP III's points by sex: the value graded first), the bounds and no points. None: a band not read."""
    if not crit.inputs:
        return None
    name = crit.inputs[0]
    if lo:
        low, high = _row_value(calc, crit, lo, unit), _row_value(calc, crit, hi, unit)
        if low is None or high is None or high <= low:
            return None
        d = (high - low) * 0.01
        samples: tuple[float, ...] = (low + d, (low + high) / 2, high - d)
        bounds = (low, high)
    else:
        bound = _row_value(calc, crit, v, unit)
        past = _row_value(calc, crit, op + v, unit)  # just past the bound ("> 34": 34.5)
        if bound is None or past is None:
            return None
        samples = (past,)
        bounds = (bound, float("inf")) if op in (">", ">=", "≥") else (float("-inf"), bound)
    if len(crit.inputs) != 1:
        # the table the patient's age or sex selects: the band only (points that another finding
        # changes, APACHE II's creatinine doubled for acute renal failure, are not a table's row)
        return (frozenset(), bounds) if all(n in _TABLE_SELECTORS for n in crit.inputs[1:]) else None
    try:
        return frozenset(float(crit.points({name: x})) for x in samples), bounds
    except _RULE_ERRORS:
        return None


def table_rows(text: str, offset: int, calc: Calculator, inputs: dict | None, truth: dict | None = None) -> list[tuple[int, int, bool, str, str]]:
    """(start, end, ok, detail, criterion key) of each row of a criterion's table the text recites
    (``_ROW``): a row whose band is not the patient's is right when the calculator gives the row's
    points somewhere inside the band; a row whose band holds the patient's value (``inputs``) is
    wrong when its points are not the patient's (``truth``: each criterion's points)."""
    out: list[tuple[int, int, bool, str, str]] = []
    rows = [(row, found) for row in _rows_read(text, calc) if (found := _row_points(calc, crit := row[2], row[3], inputs)) is not None]
    for (start, end, crit, m, band, listed), (points, mine, bounds) in rows:
        if mine and any(c is crit and inside and other != bounds and bounds[0] <= other[0] and other[1] <= bounds[1]
                        for (_, _, c, _, _, _), (_, inside, other) in rows):
            mine = False  # "<150 → 1, <100 → 2" for a count of 85: the narrower band holding it is the patient's
        if not mine and (listed or not points):
            continue  # a dashed list's other rows, or a band whose points other inputs decide: judged only where it meets the patient
        said = -float(m.group("p")) if m.group("neg") else float(m.group("p"))  # ATP III's "20-34: -9"
        if mine:
            # The patient's own band (">34 => 2 points" for a rate of 35): the points are the
            # patient's, judged against the patient's data when it is given.
            want = truth.get(crit.key) if truth else None
            if want is not None and float(want) != said:
                out.append((offset + start, offset + end, False,
                            f"{crit.label} scores {fmt(want)} for this patient, not {fmt(said)} ({crit.label} {band})", crit.key))
            continue
        if said == 0:
            continue  # "Age 65–74: 0" in a list of the patient's items: a band the patient is not in
        if said in points:
            out.append((offset + start, offset + end, True, f"the rule: {crit.label} {band} scores {fmt(said)}", crit.key))
        else:
            want = " or ".join(fmt(p) for p in sorted(points))
            out.append((offset + start, offset + end, False, f"{crit.label} {band} scores {want} in the {calc.name}, not {fmt(said)}", crit.key))
    return out


@lru_cache(maxsize=8192)
def _rows_read(text: str, calc: Calculator) -> tuple:
    """(start, end, criterion, match, band, in a dashed list) of each row of a criterion's table in the text, its
    criterion named or continued from the row before (``table_rows``); read once per text."""
    if not _ROW_CUE.search(text):
        return ()
    out = []
    crit, last_end, listed = None, None, False
    for m in _ROW_OR_LISTED.finditer(text):
        gap = text[last_end : m.start()] if last_end is not None else None
        if listed and gap is not None and _DASHED_GAP.match(gap):
            pass  # the next row of a dashed list
        elif gap is None or not _ROW_GAP.match(gap):
            head = _ROW_NAME.search(text, max(0, m.start() - 60), m.start())
            listed = head is None and (head := _DASHED_HEAD.search(text, max(0, m.start() - 60), m.start())) is not None
            crit = criterion_named(calc, head.group("name"))[0] if head else None  # a row continues only the list right before it
        last_end = m.end()
        if crit is None or crit.judgement or (not listed and _ROW.match(text, m.start()) is None):
            continue  # (a row followed by a spaced dash is a row only inside a dashed list)
        if _QUALIFYING_AGE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Total cholesterol 160-199 for age 50-59: 1 point": the age band qualifies another band
        out.append((m.start(), m.end(), crit, m, text[m.start() : m.start("p")].rstrip(" =>-→⇒:").strip(), listed))
    return tuple(out)


# --- a criterion said not to be one ------------------------------------------------------------
# "Homocysteine alone is not a Caprini factor", "Elevated homocysteine? Not in Caprini.",
# "Pleural effusion? Not part of PSI.": a criterion of the score denied. The finding is named
# before the denial in its clause, the score after it.
_DENIAL = re.compile(
    r"(?:\b(?:is|are)\s+not\b|\?\s*not\b|[:,–—-]\s*not\b)\s*(?:a\s+|an\s+|the\s+|one\s+of\s+the\s+)?(?:recogni[sz]ed\s+|valid\s+|separate\s+|listed\s+)?"
    r"(?:part\s+of|included\s+in|counted\s+in|scored\s+in|in|(?:[a-z]+\s+){0,2}?(?:criterion|criteria|factor|item|component|variable|thrombophilia)\s+(?:of|in|for)?)?\s*(?:the\s+)?",
    re.I,
)
_DENIAL_CUE = re.compile(r"\bnot\b", re.I)
_DENIED_NAME = re.compile(r"(?:\A|[.;:!?\n]|\b(?:actually|but|so|and|also|however)\b)\s*(?P<name>[A-Za-z][A-Za-z0-9 /'-]{1,50}?)\s*(?:\balone\b\s*)?\Z", re.I)


@lru_cache(maxsize=128)
def _abbreviations(calc: Calculator) -> tuple[str, ...]:
    """The upper-case abbreviations in brackets in the calculator's name ("PSI", "PORT"), written as words."""
    inside = " ".join(re.findall(r"\(([^()]*)\)", calc.name))
    return tuple(re.escape(a) for a in re.findall(r"\b[A-Z][A-Z0-9]{2,5}\b", inside))


@lru_cache(maxsize=8192)
def denied_criteria(text: str, calc: Calculator) -> tuple[tuple[int, int, object], ...]:
    """(start, end, criterion) for each criterion of this score the text says is not one of its
    criteria (``_DENIAL``, the score named right after). Read once per text (templated steps recur)."""
    if not _DENIAL_CUE.search(text):
        return ()
    out = []
    for d in _DENIAL.finditer(text):
        after = text[d.end() : d.end() + 40]
        if not (_names_score(calc, after) or any(re.match(rf"{a}\b", after) for a in _abbreviations(calc))):
            continue
        head = _DENIED_NAME.search(text, max(0, d.start() - 60), d.start())
        if head is None:
            continue
        crit, _ = criterion_named(calc, head.group("name"))
        if crit is None or crit.judgement:
            continue
        out.append((head.start("name"), d.end(), crit))
    return tuple(out)


# --- a criterion's cut-off stated as a rule ------------------------------------------------------

# "The threshold for alcohol in HAS-BLED is >14 drinks per week", "HAS-BLED counts alcohol use > 2
# drinks per week as risk", "the age criterion is ≥ 65": a rule cue, the finding, one comparison.
_CUTOFF_CUE = re.compile(r"\b(?:threshold|cut-?off|counts?|counted|defined\s+as|definition|criterion\s+(?:is|requires)|requires?|needs?(?=[^.;\n]{0,40}\bfor\s+(?:points?|a\s+point|the\s+point|credit))|qualif(?:y|ies))\b"
                         r"|(?<![\d/]\s)(?<![\d/])\b[A-Za-z][A-Za-z-]*\s*\(\s*(?:≥|>=|>|≤|<=|<)\s*\d", re.I)
# ("Need HR > 120 for points", "Alcohol (≥14 drinks/week)": the rule; not "3 drinks/week (<14/week)", a patient's value compared)
_CUTOFF_NOT = re.compile(r"[\x22“”]|\b(?:patient|she|he|they|her|his|their|note|says|states|maintain\w*|reports?|drank|drinks\s+(?:about|around|\d)|takes?|ha[sd](?!-))\b", re.I)  # not HAS-BLED
_CUTOFF = re.compile(r"(?P<op>≥|>=|>|≤|<=|<|(?:more|greater)\s+than|(?:less|fewer)\s+than|at\s+least|over|above|under|below)\s*(?P<v>\d+(?:\.\d+)?)"
                     r"(?P<u>\s*(?!(?:for|to|and|or|so|is|in|the|then|with|on|of|at|as|but|if)\b)(?:[A-Za-zµμ%°/³]+(?:\s+per\s+[A-Za-zµμ]+|\s*/\s*[A-Za-zµμ]+)?))?", re.I)


def _unit_fits(stated: str, unit: str | None) -> bool:
    """Is a unit written after a cut-off the input's own (or none)? Only a rate's time base is
    compared ("drinks per week" for "1/week"); any other unit must be absent or the input's name
    for it, since a cut-off is not converted here."""
    said = [w for w in re.split(r"[\s/]+", stated.lower()) if w and w != "per"]
    if not said:
        return True
    base = (unit or "").lower()
    if "".join(stated.lower().split()) == base.replace(" ", ""):
        return True  # the input's own unit as written ("mg/dl" for mg/dL)
    if "/" in base:
        want = TIME_UNITS.get(base.rsplit("/", 1)[1])
        have = [TIME_UNITS[w] for w in said if w in TIME_UNITS]
        return want is not None and have == [want]
    return said[0] in {base, base.rstrip("s"), base + "s"} or (base == "years" and said[0] in ("yrs", "yr", "y"))


def stated_cutoffs(text: str, offset: int, calc: Calculator, last=None, inputs: dict | None = None) -> tuple[list[tuple[int, int, bool, str, str]], object]:
    """(start, end, ok, detail, criterion key) of each cut-off the text states as a criterion's
    rule ("the threshold for alcohol is >14 drinks per week"): right when the criterion's points
    change at that value, wrong otherwise (then the detail names where they do change). Only a
    criterion read from one number is judged, and only a clause with a rule cue and no patient
    in it (a patient's value "more than 2 drinks a week" is not a rule). ``last``: the criterion
    whose cut-off the trace stated last, which "the threshold is …" naming no finding restates;
    returned with the findings, updated. ``inputs``: the patient's values; a cut-off whose sign puts
    its bound on the wrong side ("≤ 95" for "< 95") is wrong only where the patient's value is the bound."""
    if not _cutoff_hinted(text):
        return [], last  # most steps: no rule cue, read nothing
    found, last = _cutoffs_cached(text, calc, last)
    out = []
    for a, b, ok, detail, key, name, bound, signed in found:
        own = (inputs or {}).get(name)
        if isinstance(own, (int, float)) and not isinstance(own, bool) and float(own) == bound:
            ok, detail = signed  # the patient on the bound: the side the sign puts it on decides
        out.append((offset + a, offset + b, ok, detail, key))
    return out, last


_CUTOFF_HINTS = ("threshold", "cut", "count", "defin", "criterion", "requir", "need", "qualif", "(")


_COMPARISON_HINTS = ("<", ">", "≥", "≤", " than ", "at least", " over ", " above ", " under ", " below ")


@lru_cache(maxsize=8192)
def _cutoff_hinted(text: str) -> bool:
    """A rule cue and a comparison somewhere in the text (what ``_cutoffs_cached`` needs), found fast."""
    low = text.lower()
    return any(map(low.__contains__, _CUTOFF_HINTS)) and any(map(low.__contains__, _COMPARISON_HINTS))


@lru_cache(maxsize=2048)
def _cutoffs_cached(text: str, calc: Calculator, last) -> tuple[tuple, object]:
    """``stated_cutoffs`` at offset 0, for any patient (templated sentences recur: each read once):
    each finding with its input's name, its bound and the verdict when the patient is on the bound."""
    out: list[tuple] = []
    if not _CUTOFF_CUE.search(text):
        return (), last
    for cm in _CLAUSE_SPLIT.finditer(text):
        clause = cm.group()
        if not _CUTOFF_CUE.search(clause) or _CUTOFF_NOT.search(clause) or ((g := _POINTS_GIVEN.search(clause)) and not _EACH_AFTER.match(clause, g.end())):
            continue  # no rule cue, a patient, or points given (read as a mention)
        cuts = list(_CUTOFF.finditer(clause))
        if not cuts or len(cuts) > 3:
            continue
        crit, at = (last if _THRESHOLD_WORD.search(clause, 0, cuts[0].start()) else None), 0
        for cut in cuts:
            # Each cut-off is the rule of the finding named since the one before ("HR 68 <90, RR 20
            # (threshold >20)"); none named there: the same finding's ("alcohol >14/week or >2/day").
            before = clause[at : cut.start()]
            if before.rstrip().endswith("("):
                before = _LIST_ITEM_SPLIT.split(before)[-1]  # "…, Elderly (>65), Drugs and Alcohol (≥14/week)": the item the bracket follows
            named, _ = criterion_named(calc, before)
            crit, at = named or crit, cut.end()
            if crit is None or crit.judgement:
                continue
            numbers = [i for n in crit.inputs if isinstance(i := _input_or_none(calc, n), Number)]
            if len(numbers) > 1:
                numbers = _inputs_named(numbers, before)  # "SBP < 90 or diastolic ≤ 60": the input the bound follows
            if len(numbers) != 1 or not _unit_fits(cut.group("u") or "", numbers[0].unit):
                continue  # another unit ("> 2 drinks per day" for drinks per week): not converted here
            inp, last = numbers[0], crit
            bound = float(cut.group("v"))
            found = _cutoff_verdict(crit, inp, bound)
            if found is not None:
                signed = _cutoff_verdict(crit, inp, bound, cut.group("op")) if cut.group("op") in _SIGNS else found
                out.append((cm.start() + cut.start(), cm.start() + cut.end(), *found, crit.key, inp.name, bound, signed))
    return tuple(out), last


_COMMON_INPUT_WORDS = frozenset("blood pressure rate count level serum plasma total of the".split())


def _inputs_named(numbers: list[Number], before: str) -> list[Number]:
    """Of a criterion's measured inputs, the one whose own word (its name's or an alias's, not a word
    they share such as "pressure") stands last in ``before`` ("diastolic < 60": the diastolic
    pressure); all of them when none or several do."""
    words = _WORD.findall(before.lower())
    best, at = [], -1
    for inp in numbers:
        own = {w for p in (inp.name.replace("_", " "), *inp.aliases) for w in _WORD.findall(p.lower())} - _COMMON_INPUT_WORDS
        pos = max((i for i, w in enumerate(words) if w in own), default=-1)
        if pos > at:
            best, at = [inp], pos
        elif pos == at and pos >= 0:
            best.append(inp)
    return best if at >= 0 else numbers


_THRESHOLD_WORD = re.compile(r"\b(?:threshold|cut-?off)\b", re.I)
_POINTS_GIVEN = re.compile(r"\d\s*(?:points?|pts?)\b", re.I)
_LIST_ITEM_SPLIT = re.compile(r",|;|:|\band\b|\bor\b", re.I)
# After points: "1 point for each of: …", "one point each", "a point apiece": the rule recited, not points given.
_EACH_AFTER = re.compile(r"(?:\s*(?:points?|pts?))?\s+(?:for\s+)?(?:each|apiece)\b", re.I)


def _cutoff_verdict(crit, inp, bound: float, op: str = "") -> tuple[bool, str] | None:
    """(ok, detail) for a cut-off stated for a criterion read from one number; None when the rule
    cannot be evaluated there. A cut-off written with a sign (``op``) is judged at the bound too:
    "≤ 95" where the rule is "< 95" puts the bound on the wrong side."""
    step = 1.0 if inp.integer or bound >= 10 else 0.1
    try:
        below, at, above = (crit.points({inp.name: v}) for v in (bound - step, bound, bound + step))
    except _RULE_ERRORS:
        return None
    if below != above or below != at:
        if below != above and op in _SIGNS:
            lower = op in ("<", "≤", "<=")
            met = below if lower else above
            if (at == met) is not (op in ("≤", "<=", "≥", ">=")):
                side = ("below" if lower else "above") + (" it only" if at != met else " it and at it")
                return False, f"the rule: {crit.label} changes at {fmt(bound)}, {side}; not {op}{fmt(bound)}"
        return True, f"the rule: {crit.label} changes at {fmt(bound)}"
    where = _cutoffs_of(crit, inp.name, inp.range, inp.integer)
    if where is None:
        return None
    return False, f"the cut-off of {crit.label} is {where}, not {fmt(bound)} (its points do not change at {fmt(bound)})"


_SIGNS = frozenset({"<", ">", "≤", "≥", "<=", ">="})
_CLAUSE_SPLIT = re.compile(r"(?:[^.;\n]|(?<=\d)\.(?=\d))+")  # (a decimal point ends no clause: "creatinine > 1.5 mg/dL")


@lru_cache(maxsize=512)
def _cutoffs_of(crit, name: str, bounds: tuple[float, float], integer: bool) -> str | None:
    """Where the criterion's points change over the input's range (``bounds``), as text ("8"), or
    None; computed once per criterion."""
    lo, hi = bounds
    top = min(hi, lo + 1000.0)
    n = 2000
    found, prev = [], None
    for k in range(n + 1):
        v = lo + (top - lo) * k / n
        try:
            p = crit.points({name: v})
        except _RULE_ERRORS:
            return None
        if prev is not None and p != prev[1]:
            found.append(v if integer or (top - lo) / n >= 1 else round(v, 1))
        prev = (v, p)
    if not found or len(found) > 6:
        return None
    return " / ".join(fmt(round(v)) if abs(v - round(v)) < (top - lo) / n else fmt(v) for v in found)
