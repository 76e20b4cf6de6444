"""The model's thinking inside a trace, and the errors a trace corrects or only considers.

Reasoning models think before they answer: they try formulas, doubt them, recompute and correct
themselves. What the final answer depends on is what matters; a guess the trace itself takes back
is not an error of the result. This module is pure and reads only the text and the checks the
verifier has already made:

- ``regions(trace)``: the thinking parts of a trace: ``<think>…</think>`` (an unclosed ``<think>``
  runs to the end; a lone ``</think>`` closes thinking that began with the trace), a harmony
  analysis channel (``<|channel|>analysis<|message|>…<|end|>``), and a leading "Thinking:" /
  "Reasoning:" section that ends at an "Answer:" / "Explanation:" / "Final answer" heading.
- ``with_reasoning(reasoning, trace)``: a chat message's separate ``reasoning_content`` joined to
  its content as one trace, ``<think>reasoning</think>`` first (spans then index that text).
- ``review(steps, trace, regions, answer)``: after every step is checked, marks
  - ``thinking``: the step lies in a thinking region;
  - ``corrected_by``: an incorrect step that the trace takes back: a revision ("wait", "actually",
    "no,", "let me recompute", "that seems wrong", …) within the next few steps followed by a
    correct check of the same kind, or the same expression (or unit conversion of the same
    value) recomputed correctly later; never
    when the wrong value reappears after the correction or is the final answer (an error that
    survives into the answer stays ``incorrect``, wherever it is);
  - a failed patient value in the thinking is also corrected by a later step that takes the same
    input again with the patient's value (a new value for the same quantity, then used);
  - ``alternative``: a failed formula, criterion or patient-value statement in the thinking that
    is hedged ("maybe", "some references use", "alternatively", a question, or a next sentence
    that qualifies it: "But often K omitted") and not used after:
    an alternative considered, reported ``neutral``. If the explanation repeats the same error, or
    the trace makes it again later in any words (``error_keys``: a criterion or input misjudged
    with the same value) or ends in its wrong value, it was used and stays ``incorrect``. A final
    answer that is wrong for another reason does not make an alternative used.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from clinverify.verifier.claims import NUM_RE
from clinverify.verifier.dates import dates_in, find_dates
from clinverify.verifier.result import Step

OPEN, CLOSE = "<think>", "</think>"

_HARMONY = re.compile(r"<\|channel\|>\s*analysis\s*<\|message\|>(.*?)(?:<\|end\|>|<\|start\|>|<\|channel\|>|$)", re.S)
_HEADING = re.compile(r"\A\s*(?:#+\s*|\*\*)?(?:thinking|reasoning|thought process|analysis)(?:\*\*)?\s*:?\s*(?:\*\*)?\s*\n", re.I)
_END_HEADING = re.compile(
    r"^\s*(?:#+\s*|\*\*)?(?:final answer|answer|explanation|response|solution|summary)(?:\*\*)?\s*:?(?:\*\*)?", re.I | re.M
)

# A revision: the trace takes back what it just wrote. ("Correction:" only where it is not a quantity's
# name: "the sodium correction: 29 ÷ 100 × 1.6", "- Correction: 0.8 × 0.9" are the calculation's steps.)
_REVISION = re.compile(  # the lookahead: every branch's first letter (re leaves other positions at once)
    r"(?=[acdhilmnortw])(?:\b(?:wait|actually|oops|hmm+|(?<![A-Za-z*•-]\s)(?<!\d[.)]\s)correction(?=\s*[:!-])|hold on|that(?:'s| is| seems| was)\s+(?:wrong|incorrect|off|not right|a mistake)|"
    r"mistake|mis-?calculated|let(?:'s| me| us)\s+(?:re-?(?:compute|calculate|check|do|evaluate|verify)|double[- ]check|check again|compute (?:precisely|again|more precisely)|recount)|"
    r"re-?(?:compute|calculate|check|do)\b|recalculat|double[- ]check|not quite|instead|too\s+(?:low|high|small|large|big))|\bno(?:[,:;!]|\s*[—–](?=\s))(?!\s*\d(?![\d.,]*\s*[-−–+×*/÷^=])))",  # ("… = 4.5 mg... no — 40 × 0.1 = 4")
    re.I,
)
TAKEN_BACK_REACH = 40  # characters after a claim where the trace takes it back at once ("100.4 — wait, no")


# Words that take a value back, not ones that go on to refine it ("= 0.090. Wait, compute precisely").
_TAKEN_BACK = re.compile(r"(?=[nmoitw])(?:\bno\b(?![ \t]+(?:need|doubt|more|less|change))|\bnot\s+right\b|\bwrong\b|\bincorrect\b|\boops\b|\bmistake\b|\bmiscalculat)", re.I)


def taken_back_at_once(trace: str, end: int) -> bool:
    """Does the trace take the claim ending at ``end`` back within a few words ("100.4 — wait, no")?"""
    return _TAKEN_BACK.search(trace, end, min(len(trace), end + TAKEN_BACK_REACH)) is not None


# A hedge: an alternative considered, not a claim about this patient.
_HEDGE = re.compile(
    r"\?|\b(?:maybe|perhaps|might|possibly|alternatively|alternative|some (?:references|sources|use|people|calculators|versions|texts|include|add|labs|formulas|definitions)|"
    r"or is it|i (?:think|recall|believe|guess)|not sure|typical(?:ly)?|often|sometimes|could be|let'?s recall|recall|"
    r"if we use|suppose|for example|e\.g\.|one (?:version|variant)|other (?:version|formula)s?|some use|others)\b",
    re.I,
)
_VALUE_KINDS = frozenset({"arithmetic", "unit_conversion", "extraction", "rounding"})  # checks whose text ends in the claimed value
_WINDOW = 8  # steps after an error in which a revision counts as correcting it
_HEDGED_KINDS = frozenset({"formula", "criterion", "extraction", "unit_conversion"})
_DISTINCT = re.compile(r"\d*\.\d+|\d{2,}")  # a value distinctive enough to trace (not "1", "2")


def regions(trace: str) -> list[tuple[int, int]]:
    """[start, end) spans of the trace that are the model's thinking."""
    out: list[tuple[int, int]] = []
    if CLOSE in trace or OPEN in trace:
        pos = 0
        while True:
            o = trace.find(OPEN, pos)
            c = trace.find(CLOSE, pos)
            if o == -1 and c == -1:
                break
            if o != -1 and (c == -1 or o < c):
                end = trace.find(CLOSE, o)
                out.append((o + len(OPEN), len(trace) if end == -1 else end))
                if end == -1:
                    break
                pos = end + len(CLOSE)
            else:  # a closing tag without an opening one: thinking began with the trace
                if not out:
                    out.append((0, c))
                pos = c + len(CLOSE)
        return out
    if "<|channel|>" in trace:
        return [(m.start(1), m.end(1)) for m in _HARMONY.finditer(trace)]
    h = _HEADING.match(trace)
    if h:
        e = _END_HEADING.search(trace, h.end())
        out.append((h.end(), e.start() if e else len(trace)))
    return out


def with_reasoning(reasoning: str | None, trace: str) -> str:
    """A chat message's ``reasoning_content`` and content as one trace: ``<think>…</think>`` first."""
    if not reasoning:
        return trace
    return f"{OPEN}{reasoning}{CLOSE}\n{trace}"


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Is ``pos`` inside one of ``spans`` (in order, not overlapping, as ``regions`` gives them)?"""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _lhs_key(trace: str, start: int, end: int) -> str | None:
    text = trace[start:end]
    i = text.find("=")
    if i <= 0:
        return None
    return re.sub(r"\s+", "", text[:i]) or None


def _recompute_key(trace: str, check) -> str | None:
    """What a check computes, the same for a wrong and a right try: an arithmetic claim's left side
    as written; a unit conversion's value, unit and target unit ("4.2 g/L = 0.42 g/dL" for "4.2 g/L
    is 4.2 g/dL?" and "4.2 g/L (0.42 g/dL)"). None for other checks."""
    if check.kind == "arithmetic":
        return _lhs_key(trace, check.start, check.end)
    if check.kind == "unit_conversion":
        return "=" + check.detail.split(", not ", 1)[0]
    return None


def _wrong_date(trace: str, start: int, end: int) -> tuple[int, int, int] | None:
    """The date a failed check's text states last (its wrong result), or None."""
    found = [d for d in find_dates(trace, start, end) if d.year is not None]
    return (found[-1].year, found[-1].month, found[-1].day) if found else None


def _wrong_value(trace: str, start: int, end: int) -> str | None:
    """The value a failed check's text states last, when distinctive enough to follow."""
    nums = NUM_RE.findall(trace, start, end)
    if not nums or dates_in(trace[start:end]):
        return None  # a date's parts (a year, a day) recur in every later date: followed by its detail instead
    v = _GROUPED.sub("", nums[-1].lstrip("-−"))  # "101,000": the value 101000, however written later
    if any(_GROUPED.sub("", n.lstrip("-−")) == v for n in nums[:-1]):
        return None  # "4.2 g/L is 4.2 g/dL": the wrong value is the claim's own operand, written wherever the operand is
    return v if _DISTINCT.fullmatch(v) and v not in ("10", "12", "100") else None


def review(steps: Sequence[Step], trace: str, spans: Sequence[tuple[int, int]], answer: float | None,
           repeats: Sequence[tuple[int, str]] = ()) -> None:
    """Mark thinking steps, corrected steps and alternatives considered (see the module doc).
    ``repeats``: (where, detail) of wrong claims the trace made again but that were reported only
    where first made; one after a correction means the error survives it."""
    if spans:
        for s in steps:
            s.thinking = _inside(s.start, spans)
    failing = [(i, fails) for i, s in enumerate(steps) if (fails := _failed(s))]
    if not failing:
        return  # most traces: nothing to take back
    revision = _Revisions(steps)
    recomputed = [{k for c in s.checks if c.ok and (k := _recompute_key(trace, c))} for s in steps]
    explanation_details = {c.detail for s in steps if not s.thinking for c in s.checks if c.ok is False}
    idx = _Index(steps, revision, recomputed)
    for i, fails in failing:
        s = steps[i]
        by = _correcting_step(steps, i, fails, revision, recomputed, trace, idx)
        if by is None and s.thinking:
            by = _right_date_written_later(i, fails, idx)
        if by is None and s.thinking:
            by = _right_value_after_revision(steps, i, fails, revision)
        if by is not None and by != i and _used_before_revision(steps[by], fails, trace) and not _recomputes_all(fails, recomputed[by], trace):
            # "Let me verify: 0.7709² = 0.5943, too low — not right" uses the wrong value to doubt it:
            # what takes it back is the same expression recomputed right after (in the thinking), if any
            by = next((j for j in range(by + 1, len(steps)) if steps[j].thinking and _recomputes_all(fails, recomputed[j], trace)), None)
        if by is not None and not _survives(steps, by, fails, revision, trace, answer, idx) and not _repeated_after(steps[by], fails, repeats):
            s.corrected_by = steps[by].index
            continue
        if (s.thinking and all(c.kind in _HEDGED_KINDS for c in fails) and _hedged(steps, i)
                and not any(c.detail in explanation_details for c in fails) and not _repeated_after(s, fails, repeats)
                and not _survives(steps, i, fails, revision, trace, answer, idx)):
            s.alternative = True


# "AG = Na + K − (Cl + HCO3). But often K omitted.": the next sentence hedges the statement, or
# takes a part of it back ("But K is usually not included").
_BUT_HEDGE = re.compile(r"\A\W*(?:but|however|though|although)\b", re.I)
_LEFT_OUT = re.compile(r"\b(?:not (?:included|used|counted)|omit(?:s|ted)?|exclud(?:e|ed|es)|ignored?|left out|dropped)\b", re.I)


def _hedged(steps: Sequence[Step], i: int) -> bool:
    """Is step i hedged, in itself or by a next thinking step that qualifies it ("But often …")?"""
    if _HEDGE.search(steps[i].text):
        return True
    nxt = steps[i + 1] if i + 1 < len(steps) else None
    return (nxt is not None and nxt.thinking and _BUT_HEDGE.match(nxt.text) is not None
            and (_HEDGE.search(nxt.text) is not None or _LEFT_OUT.search(nxt.text) is not None))


_RUN = re.compile(r"[\d.]+")
# A thousands separator inside a number ("101,000", "101 000", "1 030 798").
_GROUPED = re.compile(r"(?<=\d)[, \u202f\u2009\u00a0](?=\d{3}(?![\d]))")

# The right value a failed check names ("5/20/2020 + 280 days = 02/24/2021, not 2/27/2021").
_TRUTH = re.compile(r"= ([^,]{1,40}), not ")
def _right_date_written_later(i: int, fails, idx: _Index) -> int | None:
    """A thinking step whose failed checks are all date results (their right date is known) is
    corrected when a later step that fails nothing itself writes every right date: the model
    redid the count and reached the right day (often by counting months in words, which is not
    read as a claim). The last such step is the correction (the trace's last word on the date;
    the caller then checks that the wrong date is not written after it). None otherwise."""
    right = []
    for c in fails:
        m = _TRUTH.search(c.detail)
        d = dates_in(m.group(1)) if m else set()
        if len(d) != 1:
            return None
        right.append(d.pop())
    for j in reversed(idx.after(idx.by_date(right[0]), i)):
        if all(idx.dates(j) >= {r} for r in right[1:]):
            return j
    return None


# The right value a failed check names ("α is -0.241 for this patient, not −0.329") and the value it
# says the trace wrote.
_RIGHT_NOT = re.compile(r"\b(?:is|scores) (?P<right>[-−]?\d+(?:\.\d+)?) (?:for this patient|in the [\w\s]{0,30}), not (?P<wrong>[-−]?\d+(?:\.\d+)?)")
# "0.5 is the total body water percentage of other patients; this patient's is 0.6"
_WRONG_THEN_RIGHT = re.compile(r"\A(?P<wrong>[-−]?\d+(?:\.\d+)?) is [^;]{1,80}; this patient's is (?P<right>[-−]?\d+(?:\.\d+)?)")


def _right_value_after_revision(steps: Sequence[Step], i: int, fails, revision: _Revisions) -> int | None:
    """A thinking step that states a wrong constant ("α = −0.329") is corrected by the first of the
    next few thinking steps that takes it back and writes the right value ("Wait, no — −0.329 is the
    2009 exponent. In 2021 it's −0.241."): each failed check names its right value, or states the
    same wrong number as one that does (the version constant beside the parameter). The caller then
    checks that the wrong value is not used after it."""
    rights, wrongs = set(), set()
    for c in fails:
        m = _RIGHT_NOT.search(c.detail) or _WRONG_THEN_RIGHT.search(c.detail)
        if m is not None:
            rights.add(m.group("right").replace("−", "-").lstrip("-"))
            wrongs.add(m.group("wrong").replace("−", "-").lstrip("-"))
    if not rights:
        return None
    for c in fails:
        if not (_RIGHT_NOT.search(c.detail) or _WRONG_THEN_RIGHT.search(c.detail)) and not any(w in c.detail for w in wrongs):
            return None  # another error in the same step, not taken back by the same value
    # Taken back in the step itself: "Sex category (female): +2 — hmm, no, the Sc term is worth 1 point, so +1."
    s = steps[i]
    after = max(c.end for c in fails) - s.start
    back = _REVISION.search(s.text, after)
    if back is not None and all(re.search(r"(?<![\d.])[-−+]?" + re.escape(r) + r"(?![\d])", s.text[back.end() :]) for r in rights):
        return i
    seen_revision = False
    for j in range(i + 1, min(len(steps), i + 4)):
        t = steps[j]
        if not t.thinking:
            return None
        seen_revision = seen_revision or revision[j]
        if seen_revision and all(re.search(r"(?<![\d.])[-−]?" + re.escape(r) + r"(?![\d])", t.text) for r in rights):
            return j
    return None


class _Revisions:
    """Whether step j takes back what came before it (``_REVISION``), searched on first use: the
    review asks about a few steps after each failed one, and about all only to follow a value."""

    __slots__ = ("steps", "_found")

    def __init__(self, steps: Sequence[Step]):
        self.steps = steps
        self._found: dict[int, bool] = {}

    def __getitem__(self, j: int) -> bool:
        found = self._found.get(j)
        if found is None:
            found = self._found[j] = _REVISION.search(self.steps[j].text) is not None
        return found


class _Index:
    """Where later steps are found without scanning them all for each failed step (the review
    stays near-linear in the number of steps): by step position, the steps that recompute an
    expression, fail with a detail, or write a value not under revision (each table built on
    first use); and the first thinking step after each step."""

    def __init__(self, steps: Sequence[Step], revision: _Revisions, recomputed: list[set[str]]):
        self.steps, self.revision, self.recomputed = steps, revision, recomputed
        self._by_key: dict[str, list[int]] | None = None
        self._by_error: dict[str, list[int]] | None = None
        self._by_value: dict[str, list[int]] | None = None
        self._by_date: dict[tuple[int, int, int], list[int]] | None = None
        self._dates: dict[int, set[tuple[int, int, int]]] | None = None
        n = len(steps)
        self.next_thinking = [n] * (n + 1)  # the first thinking step after j
        for j in range(n - 1, -1, -1):
            self.next_thinking[j] = j + 1 if j + 1 < n and steps[j + 1].thinking else self.next_thinking[j + 1]

    def by_key(self, key: str) -> list[int]:
        if self._by_key is None:
            self._by_key = {}
            for j, keys in enumerate(self.recomputed):
                for k in keys:
                    self._by_key.setdefault(k, []).append(j)
        return self._by_key.get(key, [])

    def by_error(self, key: str) -> list[int]:
        if self._by_error is None:
            self._by_error = {}
            for j, t in enumerate(self.steps):
                for d in {k for c in t.checks if c.ok is False for k in error_keys(c)}:
                    self._by_error.setdefault(d, []).append(j)
        return self._by_error.get(key, [])

    def dates(self, j: int) -> set[tuple[int, int, int]]:
        """The dates step j writes (computed once per step)."""
        if self._dates is None:
            self._dates = {}
        if j not in self._dates:
            self._dates[j] = dates_in(self.steps[j].text)
        return self._dates[j]

    def by_date(self, date: tuple[int, int, int]) -> list[int]:
        """The steps that write ``date`` and fail nothing, in order."""
        if self._by_date is None:
            self._by_date = {}
            for j, t in enumerate(self.steps):
                if not any(c.ok is False for c in t.checks):
                    for d in self.dates(j):
                        self._by_date.setdefault(d, []).append(j)
        return self._by_date.get(date, [])

    def by_value(self, value: str) -> list[int]:
        if self._by_value is None:
            self._by_value = {}
            for j, t in enumerate(self.steps):
                if not self.revision[j]:
                    for v in _values_written(t.text):
                        self._by_value.setdefault(v, []).append(j)
        return self._by_value.get(value, [])

    @staticmethod
    def after(js: list[int], pos: int) -> list[int]:
        """The step positions in ``js`` after ``pos``."""
        return js[bisect.bisect_right(js, pos) :]


def _values_written(text: str) -> set[str]:
    """Every value ``_survives`` may look for that the text writes: a run of digits and dots not
    preceded by a digit or a dot, cut before any of its dots (what
    a value's pattern in ``_survives`` matches: no digit or dot before it, no digit after)."""
    out = set()
    if _GROUPED.search(text):
        text = f"{text} {_GROUPED.sub('', text)}"  # "101 000", "101,000": also as the value 101000
    for m in _RUN.finditer(text):
        run = m.group()
        out.add(run)
        k = run.find(".")
        while k != -1:
            if k:
                out.add(run[:k])
            k = run.find(".", k + 1)
    return out


def _recomputes_all(fails, recomputed: set[str], trace: str) -> bool:
    """Does a step recompute right every failed expression ("1.75 × 35 = 52.5 + 8.75 = 61.25" after a wrong
    "1.75 × 35 = 52.5")? Then the wrong value written inside it is a part of the right computation."""
    keys = [_recompute_key(trace, c) for c in fails]
    return all(keys) and set(keys) <= recomputed


def _failed(step: Step) -> list:
    """The failed checks a trace may take back: none when the step states a wrong final answer."""
    fails = [c for c in step.checks if c.ok is False]
    if any(c.kind == "answer" for c in fails):
        return []
    return fails


# A date result's detail ("04/09/2021 + 280 days = 01/14/2022"), not a count of days between two dates.
_DATE_RESULT = re.compile(r" = \d{2}/\d{2}/\d{4}(?:,|$)")


def _correcting_step(steps: Sequence[Step], i: int, fails, revision: _Revisions, recomputed: list[set[str]], trace: str, idx: _Index) -> int | None:
    """Index into steps of the step that corrects step i, or None."""
    kinds = {c.kind for c in fails}
    keyed = [_recompute_key(trace, c) for c in fails]
    # Recomputed right corrects the step only when every failed claim of it can be and is ("139 mmol ×
    # 2 mEq/mmol = 139 mEq" fails twice: the factor stated right later leaves the product wrong).
    keys = set(keyed) if all(keyed) else set()
    s = steps[i]
    # A revision in the step itself after its failed claim ("= 70? No, 80"), or in the next steps.
    last_fail = max(c.end for c in fails)
    seen_revision = bool(_REVISION.search(trace, last_fail, s.end))
    # A misjudged criterion or misread value is taken back by a right check of the same criterion or
    # input ("Diabetes: 2 points … Hmm, … female sex: 1 point" takes nothing back).
    names = {c.about for c in fails}
    same = (lambda c: c.quantity in names) if None not in names else (lambda c: True)
    if all(_DATE_RESULT.search(c.detail) for c in fails):
        def same(c):  # a wrong date is taken back by a date, not by a count of days
            return _DATE_RESULT.search(c.detail) is not None
    if seen_revision and any(c.ok and c.kind in kinds and c.start >= last_fail and same(c) for c in s.checks):
        return i
    # An explanation's error is not corrected by later thinking: the steps up to the next thinking one.
    stop = len(steps) if s.thinking else idx.next_thinking[i]
    for j in range(i + 1, min(stop, i + _WINDOW + 1)):
        t = steps[j]
        seen_revision = seen_revision or revision[j]
        if keys and keys <= recomputed[j] and (s.thinking or seen_revision):
            return j  # the same expression recomputed right (in an explanation, after words that take the slip back)
        if seen_revision and any(c.ok and c.kind in kinds and same(c) for c in t.checks) and not any(c.ok is False for c in t.checks):
            return j
    # After the window, only the same expression recomputed right (the first such step), in thinking:
    # an explanation that writes a result wrong and later right has written it wrong.
    later = [js[0] for k in keys if (js := idx.after(idx.by_key(k), i + _WINDOW))] if s.thinking else []
    j = max(later) if keys and len(later) == len(keys) else stop  # each recomputed, the last of them corrects
    if j < stop:
        return j
    return _value_taken_again(steps, i, fails) if s.thinking else None


def _value_taken_again(steps: Sequence[Step], i: int, fails) -> int | None:
    """A thinking step whose failed checks are all patient values, criterion judgements or stated
    conversion factors is corrected by the first later step that takes each of those inputs again
    with the patient's value, scores each of those criteria again right, or states each factor
    again right (the model went back: a new value for the same quantity, then used). None otherwise."""
    names = {c.about for c in fails}
    if None in names:
        return None  # some failed check is not a misread patient value or a misjudged criterion
    for j in range(i + 1, len(steps)):
        if names <= {c.quantity for c in steps[j].checks if c.ok and c.kind in ("extraction", "criterion", "formula", "unit_conversion")}:
            return j
    return None


# The value a failed check says the trace wrote ("… scores 6 for this patient, not 8 (…)").
_CLAIMED = re.compile(r"\bnot ([^\s,;()]+)")


def error_keys(check) -> set[str]:
    """What makes two failed checks the same error, however the trace words it: the detail (the
    name as the trace wrote it aside), and for a misjudged criterion or patient value, the
    criterion or input with the value claimed ("Age 50-54: 8 points" and "So age 50-54: 8 points"
    misjudge Age the same way, though one names the band and the other the patient)."""
    keys = {check.detail.lower()}
    if check.about and (m := _CLAIMED.search(check.detail)):
        keys.add(f"{check.kind}|{check.about.lower()}|{m.group(1)}")
    return keys


def _repeated_after(step: Step, fails, repeats: Sequence[tuple[int, str]]) -> bool:
    """Is one of these errors made again (and not reported again) after the correcting step?"""
    details = {c.detail for c in fails}
    return any(at >= step.end and d in details for at, d in repeats)


def _wrong_values(fails, trace: str) -> set[str]:
    """The distinctive wrong values the failed checks state (``_wrong_value``), for the checks whose text ends in one."""
    return {v for c in fails if c.kind in _VALUE_KINDS and (v := _wrong_value(trace, c.start, c.end))}


def _wrong_constants(fails, trace: str) -> set[str]:
    """The constant a formula the trace recalls changes ("QTc = QT + 1.25 × (HR − 60)" for Hodges'
    1.75): the one distinctive number of the statement that the calculator's formula, named in the
    detail, does not have. Substituted later, the recalled formula was used, not just considered."""
    out = set()
    for c in fails:
        if c.kind != "formula" or "not the calculator's formula" not in c.detail:
            continue
        theirs = set(NUM_RE.findall(c.detail))
        own = {n for n in NUM_RE.findall(trace, c.start, c.end) if _DISTINCT.fullmatch(n) and n not in theirs}
        if len(own) == 1:
            out |= own
    return out


def _used_before_revision(step: Step, fails, trace: str) -> bool:
    """Does the step that would correct the failed checks use their wrong value before its
    revision ("TBW = 0.6 × 8.55 kg … instead, …" after a wrong 8.55): then it takes nothing back."""
    wrong = _wrong_values(fails, trace)
    if not wrong:
        return False
    m = _REVISION.search(step.text)
    part = step.text[: m.start()] if m else step.text
    return any(not _only_converted(step, w, part) and not _only_rejected(w, part) for w in wrong)  # ("so it's 63.72, not 63.37": taken back, not used)


def _survives(steps: Sequence[Step], after: int, fails, revision: _Revisions, trace: str, answer: float | None, idx: _Index) -> bool:
    """Does a wrong value of these checks reappear after step ``after`` (outside steps that are
    themselves corrected or alternatives), or is it the final answer?"""
    details = {k for c in fails for k in error_keys(c)}
    for d in details:
        for j in idx.after(idx.by_error(d), after):
            if steps[j].corrected_by is None and not steps[j].alternative:
                return True  # the same error made again later
    wrong_dates = {d for c in fails if (d := _wrong_date(trace, c.start, c.end)) is not None}
    for d in wrong_dates:  # the wrong date written again later ("The estimated due date is 2/27/2021")
        for j in range(after + 1, len(steps)):
            if steps[j].corrected_by is None and not steps[j].alternative and d in dates_in(steps[j].text):
                return True
    constants = _wrong_constants(fails, trace)
    for w in constants:  # the recalled formula's constant in a later step found wrong: the formula was used
        if any(not steps[j].alternative and any(c.ok is False for c in steps[j].checks) for j in idx.after(idx.by_value(w), after)):
            return True
    wrong = _wrong_values(fails, trace)
    if not wrong:
        return False
    if answer is not None and any(abs(float(w) - abs(answer)) <= 1e-9 * max(1.0, abs(answer)) for w in wrong):
        return True
    for w in wrong:  # written again in a later step that is no revision
        for j in idx.after(idx.by_value(w), after):
            if (steps[j].corrected_by is None and not steps[j].alternative and not _only_converted(steps[j], w, steps[j].text)
                    and not _only_rejected(w, steps[j].text) and not _recomputes_all(fails, idx.recomputed[j], trace)):
                return True
    return False


_REJECTED = re.compile(r"(?:\bnot|\binstead\s+of|\brather\s+than|\bnot\s+the)\s*$", re.I)


def _only_rejected(value: str, text: str) -> bool:
    """Is ``value`` written in ``text`` only as the value taken back ("So 2.7258, not 2.7558.")?"""
    at = [m.start() for m in re.finditer(rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)", text)]
    return bool(at) and all(_REJECTED.search(text, max(0, a - 16), a) for a in at)


def _only_converted(step: Step, value: str, text: str) -> bool:
    """Is ``value`` written in ``text`` (the step's text, or its start) only as what a right unit
    conversion of the step converts ("101,000/µL = 101 × 10^9/L": the count per µL taken to the
    calculator's unit, not used as it is), or not at all?"""
    spans = [(c.start, c.end) for c in step.checks if c.ok and c.kind == "unit_conversion"]
    for a, b in spans:
        a, b = max(a, step.start) - step.start, min(b, step.end) - step.start
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return value not in _values_written(text)
