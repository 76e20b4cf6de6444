"""Dates and date arithmetic read from prose, over the whole trace.

Models write dates in many forms ("08/02/2010", "2010-08-02", "Aug 2, 2010", "2 August 2010",
"Feb 3" with the year left to context) and do date arithmetic across sentences and steps:

    "LMP: 08/02/2010."  ...  "Date after adding 40 weeks: 05/30/2011."
    "we subtract 6 days from the initial estimated due date."  "... due date is 05/10/2011."
    "add 7 days, subtract 3 months and add one year: 05/09/2011"
    "08/02/2010 + 280 days = 05/09/2011", "adding 280 days to 08/02/2010 gives 05/09/2011"

``find_dates`` tokenises the dates of a text. ``read`` walks the trace's dates and duration
operations ("add 40 weeks", "+ 280 days", "subtract 3 months", "6 days earlier") in order: the
operations written since the last date apply to that date (the base: the last date written
before the first operation, or the date the operation names with "to"/"from"), and the first date
written after them that is not the base restated is their result. Each result is a ``date``
claim (``expr``: the base and the operations, e.g. ``"2010-08-02 +280d"``; ``value_text``: the
stated date in ISO form) graded by ``apply``. A year left out ("Feb 3 → Nov 11") is the one
nearest the expected date; an operation with no base within reach, or whose result is not
written before the next step but one, is dropped (a plan, "add 280 days to the LMP", is not a
claim). Work is linear in the text: one pass of bounded patterns, at most MAX_TOKENS tokens.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from clinverify.verifier.claims import Claim

MAX_TOKENS = 4000  # dates and operations read per trace (bounded work on adversarial text)
BASE_REACH = 1500  # characters: how far before an operation its base date may be written
RESULT_REACH = 600  # characters: how far after the last operation its result may be written
THINKING_BASE_REACH = 250  # in a model's thinking, where dates are counted out loud

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # 08/02/2010, 8/2/2010, 08-02-2010 (month first, as the questions write them)
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/]|-\d)"),
    # 2010-08-02
    re.compile(r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])"),
    # Aug 2, 2010 / August 2nd 2010 / Feb 3 (year from context)
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+(?P<y>\d{4}))?(?!\d|:\d)(?!\s*(?:mg|kg|g\b|mL|%|points?))"),
    # 2 August 2010 / 2nd of August, 2010
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})\b"),
    # 02/08 right before a signed number of days or weeks ("02/08 + 11 days = 02/19/2024"): a date
    # whose year is left to context (elsewhere "2/3" is a fraction, "120/80" a pressure)
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=\s*[-+−–]\s*\d{1,4}\s*(?:days?|d|weeks?|wks?)\b)", re.I),
    # 03/24 → 04/24 (a count of days between two such dates follows: "03/24 → 04/24: 31 days")
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])(?=\s*(?:→|->|to)\s*\d{1,2}/\d{1,2}(?![\d/])\s*[:=]\s*\d{1,5}\s*days?\b)", re.I),
    re.compile(r"(?:(?<=→)|(?<=→ )|(?<=-> )|(?<= to ))(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])(?=\s*[:=]\s*\d{1,5}\s*days?\b)", re.I),
)
# After a month and a number without a year: the month's length or a running count, not a date.
_NOT_A_DAY = re.compile(
    r"\s*(?:days?\b|d\b|(?:->|→)\s*(?:cumulative\s*)?\d|=\s*\d|[-+]\s*(?:\d+(?!\d|\s*(?:days?|weeks?|months?|years?|d)\b)|[A-Z][a-z]{2}\w*\s+\d)|cumulative|\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d)", re.I
)
# The end of a range that starts at a date ("Jul 18 to ", "July 18, 2010 – "): what follows is its other end.
_JOINED_FROM_DATE = re.compile(_MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\s*(?:to|through|thru|until|till|[-–—]|→|->)\s*$", re.I)
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
             "eleven": 11, "twelve": 12, "fourteen": 14, "a": 1, "an": 1}
_N = r"(?P<n>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)"
_UNIT = r"(?P<u>days?|d\b|weeks?|wks?\b|months?|years?|yrs?\b)"
_EXTRA = r"(?:\s*(?:and|,|\+)?\s*(?P<n2>\d{1,3})\s*days?\b)?"
# An operation in words: "add 280 days", "adding 40 weeks", "subtract 3 months", "plus 7 days",
# "minus 6 days", "go back 3 months", "count forward 280 days".
_VERB_OP = re.compile(  # (?=...): the first letters of the verbs (re leaves other positions at once)
    r"(?=[acdgmpst])\b(?P<verb>add(?:s|ed|ing)?|plus|subtract(?:s|ed|ing)?|minus|deduct(?:s|ed|ing)?|tak(?:e|es|ing)\s+away|go(?:ing)?\s+back|count(?:ing)?\s+(?:forward|back(?:ward)?)|mov(?:e|ing)\s+(?:forward|back))"
    r"\s+(?:an?\s+(?:additional|extra|further)\s+|another\s+)?" + _N + r"\s*(?:more\s+|additional\s+)?" + _UNIT + _EXTRA,
    re.I,
)
# A signed operation right after a date or another operation: "08/02/2010 + 280 days", "− 6 days".
# "+ 280 − 6 days": an amount and its adjustment in one unit, (280 − 6) days.
_SIGN_OP = re.compile(r"(?<![\d/])(?P<sign>[-+−–])\s*(?P<n>\d{1,4})(?:\s*(?P<s2>[-+−–])\s*(?P<adj>\d{1,3}))?\s*" + _UNIT + _EXTRA, re.I)
# "280 days after 08/02/2010", "2 weeks before", "6 days earlier".
_AFTER_OP = re.compile(r"(?=[\defnost])\b" + _N + r"\s*" + _UNIT + _EXTRA + r"\s+(?P<rel>after|later|from|before|earlier|prior\s+to|prior|before)\b", re.I)
# "adding 40 weeks to this date is 05/16/2011", "… gives us 05/08/2011": a verb of result before the date makes it the result.
_RESULT_LEAD = re.compile(r"(?:\b(?:is|was|gives?(?:\s+us)?|we\s+get|yields?|equals?|becomes?|results?\s+in|brings?\s+us\s+to|lands?\s+on|falls?\s+on)|[=:→])\s*$", re.I)
# Words between an operation and the date it applies to ("add 280 days to 08/02/2010").
_TO_BASE = re.compile(r"\s*(?:to|from|after|before|onto|on\s+to)\s+(?:the\s+|her\s+|this\s+|that\s+)?(?:[A-Za-z'’]+\s+){0,5}?\(?\s*(?:on\s+|of\s+)?$", re.I)
# A date that is an end of a range or a point a count runs to ("May 20 to May 31 = 11 days",
# "cumulative days up to Oct 31") is not the result of an operation.
_RANGE_JOIN = re.compile(r"^\s*(?:to|until|till|through|thru|and|[-–—])\s*$", re.I)
_RANGE_NEXT = re.compile(r"\s*(?:to|until|till|through|thru|[-–—])\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d", re.I)
_COUNT_POINT = re.compile(r"(?:\bup\s+to|\buntil|\btill|\bthrough|\bfrom|\bbetween)\s*$", re.I)
_EQUALS_LEAD = re.compile(r"[=→]\s*$")  # "+ 280 days = 2/27/2021": written as the operation's result
_OP_FROM = re.compile(r"\d\s*(?:days?|weeks?|months?)\s+from\s*$", re.I)  # "280 days from April 9": the operation's base, not a count's start
_SENTENCE = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(slots=True, frozen=True)
class DateToken:
    start: int
    end: int
    month: int
    day: int
    year: int | None  # None: written without a year ("Feb 3")


@dataclass(slots=True, frozen=True)
class _Op:
    start: int
    end: int
    amount: int  # signed
    unit: str  # "d", "m" or "y"
    names_base: bool = False  # "280 days after 08/02/2010": the date right after is the base


def _month(name: str) -> int:
    return _MONTHS.index(name.lower()[:3]) + 1


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateToken]:
    """The dates written in ``text[start:end]`` (valid calendar dates only), in order."""
    end = len(text) if end is None else end
    found: dict[int, DateToken] = {}
    taken = bytearray(end - start)
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text, start, end):
            if any(taken[m.start() - start : m.end() - start]):
                continue
            g = m.groupdict()
            try:
                month = int(g["m"]) if g.get("m") else _month(g["mon"])
                day = int(g["d"]) if g.get("d") else int(g["day"])
                year = int(g["y"]) if g.get("y") else None
                dt.date(year or 2000, month, day)  # 2000: a leap year, so Feb 29 stays valid
            except (ValueError, TypeError):
                continue
            if g.get("mon") and "." in text[m.start("mon") : m.start("day") if m.start("day") > m.start("mon") else m.end("mon")] and len(g["mon"]) > 4:
                continue  # "November. 6. Therefore": a sentence's end and a list number
            if year is None and g.get("mon") and (not g["mon"][0].isupper() or (
                    _NOT_A_DAY.match(text, m.end()) and not _JOINED_FROM_DATE.search(text, max(0, m.start() - 30), m.start()))):
                continue  # "may 5" in a sentence is a verb and a number; "Jan 31 days", "Feb 29 -> 60" (not "Jul 18 to Aug 17 = 30 days")
            if year is not None and not 1800 <= year <= 2200:
                continue
            found[m.start()] = DateToken(m.start(), m.end(), month, day, year)
            taken[m.start() - start : m.end() - start] = b"\x01" * (m.end() - m.start())
            if len(found) >= MAX_TOKENS:
                break
    return [found[k] for k in sorted(found)]


def dates_in(text: str) -> set[tuple[int, int, int]]:
    """The full calendar dates a text writes, as (year, month, day)."""
    return {(d.year, d.month, d.day) for d in find_dates(text) if d.year is not None}


def _amounts(m: re.Match) -> list[tuple[int, str]]:
    """The amounts an operation adds, in order: "9 months 20 days" is 9 months, then 20 days."""
    raw = m.group("n").lower()
    n = _NUMWORDS[raw] if raw in _NUMWORDS else int(raw)
    if m.groupdict().get("adj"):
        n += int(m.group("adj")) if m.group("s2") == "+" else -int(m.group("adj"))
    u = m.group("u").lower()
    unit = "y" if u.startswith("y") else "m" if u.startswith("mo") else "d"
    if u.startswith("w"):
        n *= 7
    extra = int(m.group("n2")) if m.groupdict().get("n2") else 0
    if extra and unit != "d":
        return [(n, unit), (extra, "d")]
    return [(n + extra, unit)]


def _ops(text: str, dates: list[DateToken]) -> list[_Op]:
    out: list[_Op] = []
    taken: list[tuple[int, int]] = []
    for m in _VERB_OP.finditer(text):
        verb = m.group("verb").lower()
        minus = verb.startswith(("subtract", "minus", "deduct", "tak")) or "back" in verb
        out += [_Op(m.start(), m.end(), -n if minus else n, unit) for n, unit in _amounts(m)]
        taken.append((m.start(), m.end()))
        if len(out) >= MAX_TOKENS:
            return out
    for m in _AFTER_OP.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        rel = m.group("rel").lower()
        if rel == "from" and not re.match(r"\s*(?:the\s+)?(?:lmp|last|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)", text[m.end() : m.end() + 20], re.I):
            continue  # "3 days from onset": not arithmetic on a date ("280 days from April 9" is)
        minus = rel.startswith(("before", "earlier", "prior"))
        out += [_Op(m.start(), m.end(), -n if minus else n, unit, rel not in ("later", "earlier")) for n, unit in _amounts(m)]
        taken.append((m.start(), m.end()))
    # Signed operations only right after a date or after another operation ("− 6 days" alone may
    # be a list item).
    anchors = sorted([d.end for d in dates] + [o.end for o in out])
    for m in _SIGN_OP.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        prev = max((a for a in anchors if a <= m.start()), default=-10)
        if m.start() - prev > 3 or text[max(0, prev) : m.start()].strip() not in ("", ")"):
            continue
        minus = m.group("sign") != "+"
        ops = [_Op(m.start(), m.end(), -n if minus else n, unit) for n, unit in _amounts(m)]
        out += ops
        anchors.append(ops[-1].end)
        anchors.sort()
        if len(out) >= MAX_TOKENS:
            break
    out.sort(key=lambda o: o.start)
    return out


def _shift(d: dt.date, op: _Op) -> dt.date:
    if op.unit == "d":
        return d + dt.timedelta(days=op.amount)
    months = op.amount * (12 if op.unit == "y" else 1)
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):  # the same day, or the month's last
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError("no such date")


def _op_text(op: _Op) -> str:
    word = {"d": "day", "m": "month", "y": "year"}[op.unit]
    n = abs(op.amount)
    return f"{'-' if op.amount < 0 else '+'} {n} {word}{'s' if n != 1 else ''}"


def encode(base: dt.date, ops: list[_Op]) -> str:
    """The claim's expression: the base date and its operations ("2010-08-02 +280d -3m")."""
    return base.isoformat() + "".join(f" {o.amount:+d}{o.unit}" for o in ops)


_EXPR = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:\s[-+]\d{1,5}[dmy])*)$")


def apply(expr: str) -> tuple[dt.date, str] | None:
    """The date an expression of ``encode`` gives, and how it reads ("08/02/2010 + 280 days")."""
    m = _EXPR.match(expr)
    if m is None:
        return None
    try:
        d = base = dt.date.fromisoformat(m.group(1))
        ops = [_Op(0, 0, int(t[:-1]), t[-1]) for t in m.group(2).split()]
        for op in ops:
            d = _shift(d, op)
    except (ValueError, OverflowError):
        return None
    return d, f"{base:%m/%d/%Y} " + " ".join(_op_text(o) for o in ops)


def _full(tok: DateToken, near: dt.date | None) -> dt.date | None:
    """The token's date; a year left out is the one that puts it nearest ``near`` (None when
    there is no date to take it from)."""
    if tok.year is not None:
        try:
            return dt.date(tok.year, tok.month, tok.day)
        except ValueError:
            return None
    if near is None:
        return None
    best = None
    for y in (near.year - 1, near.year, near.year + 1):
        try:
            d = dt.date(y, tok.month, tok.day)
        except ValueError:
            continue
        if best is None or abs((d - near).days) < abs((best - near).days):
            best = d
    return best


def read(trace: str, limit: int = 2000, think_end: int = -1) -> list[Claim]:
    """Date claims of the whole trace: each date written as the result of date arithmetic.

    In a model's thinking (the trace before ``think_end``) dates are counted out loud ("after Feb
    3, 26 days left in Feb", "Jan 31 Feb 29 -> 60"): there an operation's result must be written
    in the operation's own sentence."""
    if not _might_have_dates(trace):
        return []
    dates = find_dates(trace)
    if not dates:
        return []
    counted = _counts(trace, dates, limit, think_end)
    if counted:  # the two ends of a count are neither bases nor results of operations
        dates = [d for d in dates if not any(c.start <= d.start < c.end for c in counted)]
    found = _results(trace, dates, limit, think_end)
    counted += _month_lengths(trace, limit, think_end) + _countdown(trace, limit, think_end)
    return sorted(found + counted, key=lambda c: c.start)[:limit] if counted else found


# A month's length stated while counting days month by month ("March (31 days) → 223 days left",
# "- April: 30 days", "February 2021 has 28 days"): a fact, the year's when February's. A month
# with a day ("May 20: 11 days") is a date, and a count other than 28-31 a part of a month.
_MONTH_LENGTH = re.compile(
    r"\b(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    r"(?:\s+(?P<y>\d{4}))?(?:\s*\(\s*|\s*:\s*|\s+has\s+(?:only\s+)?|\s+with\s+)(?P<n>2[89]|3[01])\s*days?\b")
# A count of days left after each month ("March (31 days) → 223 days left. April (30 days) → 193 days
# left", "Add 31 -> remaining 223 days", "June: 30 (remaining 239)"): each is the one before less the
# days written between them.
_DAYS_LEFT = re.compile(r"(?P<r>\d{1,3})\s*days?\s+(?:left|remaining)\b|\bremaining\s*(?:days?\s*)?(?:[:=]\s*)?(?P<r2>\d{1,3})\b(?!\s*[-+/×*−–])", re.I)
_DAYS_TAKEN = re.compile(r"(?P<n>\d{1,2})\s*days?\b|\b(?:add|adding|minus|subtract(?:ing)?)\s+(?P<n2>\d{1,2})\b|(?<=:\s)(?P<n3>\d{1,2})(?=\s*(?:→|->|\())", re.I)
COUNTDOWN_REACH = 120  # characters between two counts of days left of one countdown


def _month_lengths(trace: str, limit: int, think_end: int = -1) -> list[Claim]:
    """``month_length`` claims (``expr``: the month, "2021-02" or "4" without a year; ``value``: the days
    written). Outside the thinking only, as counts (``_counts``)."""
    if "days" not in trace and "day " not in trace:
        return []
    out = []
    for m in _MONTH_LENGTH.finditer(trace, max(think_end, 0)):
        if len(out) >= limit:
            break
        month = _month(m.group("mon"))
        expr = f"{m.group('y')}-{month:02d}" if m.group("y") else str(month)
        out.append(Claim("month_length", m.start(), m.end(), m.group(), expr=expr, value=float(m.group("n")), value_text=m.group("n")))
    return out


def month_length(expr: str) -> int | None:
    """Days in the month of a ``month_length`` claim's ``expr``; None for a February without its year."""
    year, _, month = expr.rpartition("-")
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if not year:
        return None if m == 2 else calendar.monthrange(2001, m)[1]
    return calendar.monthrange(int(year), m)[1]


def _countdown(trace: str, limit: int, think_end: int = -1) -> list[Claim]:
    """``days_left`` claims for a countdown of days left (``_DAYS_LEFT``; ``expr``: "R0 - n", ``value``:
    R1): "R1 days left" written within reach after "R0 days left", with one count of days
    (``_DAYS_TAKEN``) between them, is R0 − that count, exactly. Outside the thinking only (there
    counts are tried out loud)."""
    if "left" not in trace and "emaining" not in trace:
        return []
    lefts = [(m, int(m.group("r") or m.group("r2"))) for m in _DAYS_LEFT.finditer(trace, max(think_end, 0))]
    out = []
    for (a, r0), (b, r1) in zip(lefts, lefts[1:], strict=False):
        if len(out) >= limit:
            break
        if b.start() - a.end() > COUNTDOWN_REACH or r1 >= r0:
            continue
        taken = list(_DAYS_TAKEN.finditer(trace, a.end(), b.start()))
        if len(taken) != 1:
            continue
        n = taken[0].group("n") or taken[0].group("n2") or taken[0].group("n3")
        num = b.group("r") or b.group("r2")
        at = b.start("r") if b.group("r") else b.start("r2")
        out.append(Claim("days_left", at, at + len(num), trace[at : at + len(num)], expr=f"{r0} - {n}", value=float(r1), value_text=num))
    return out


def _results(trace: str, dates: list[DateToken], limit: int, think_end: int) -> list[Claim]:
    """The ``date`` claims of ``read``: each date written as the result of operations."""
    ops = _ops(trace, dates)
    if not ops:
        return []
    events: list[tuple[int, int, object]] = [(d.start, 1, d) for d in dates] + [(o.start, 0, o) for o in ops]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[Claim] = []
    last: tuple[dt.date, int] | None = None  # the last full date written, and where it ends
    pending: list[_Op] = []
    base: dt.date | None = None
    restated = False
    in_range = _range_ends(trace, dates)
    seen: set[dt.date] = set()  # full dates written so far
    first_seen: dict[tuple[int, int], dt.date] = {}
    last_yearless = base_yearless = False  # the last date / the base was written without its year
    base_named = False  # the operation named its base ("280 days from April 9"), not the last date written

    def resolve(tok: DateToken, near: dt.date | None) -> dt.date | None:
        """A base date: a year left out is that of the same day written before in full (the LMP
        restated as "Feb 3"), else the one nearest ``near``."""
        if tok.year is None and (tok.month, tok.day) in first_seen:
            return first_seen[(tok.month, tok.day)]
        return _full(tok, near)

    def note(d: dt.date, end: int) -> tuple[dt.date, int]:
        seen.add(d)
        first_seen.setdefault((d.month, d.day), d)
        return (d, end)

    # Where a date written just before an operation ends ("Jan 1 + 1 day", "Jan 1, adding 1 day").
    op_after = {e for o in ops for e in range(max(0, o.start - 3), o.start + 1) if not trace[e:o.start].strip(" ,")}
    in_thinking = think_end > 0
    for _, _, ev in events[: 2 * MAX_TOKENS]:
        if in_thinking and ev.start >= think_end:
            # The explanation after the thinking restates: it computes from its own dates, and a
            # result the thinking reached is no longer "a date written before the operations".
            in_thinking = False
            seen -= {dt.date.fromisoformat(c.value_text) for c in out}
            pending, base, last = [], None, None
        if isinstance(ev, _Op):
            if pending and ev.start - pending[-1].end > RESULT_REACH:
                pending, base = [], None  # an earlier plan whose result was never written
            if not pending:
                base_named = False
                reach = THINKING_BASE_REACH if ev.start < think_end else BASE_REACH
                base = last[0] if last is not None and ev.start - last[1] <= reach else None
                base_yearless = last_yearless
                restated = False
            elif restated or _SENTENCE.search(trace, pending[-1].end, ev.start):
                # The computation started again from the base restated, or an operation stated
                # before (a plan: "Naegele's rule adds 280 days.") is now carried out.
                pending = []
                restated = False
            pending.append(ev)
            continue
        tok: DateToken = ev
        if tok.start in in_range:
            if pending and base is not None and (tok.month, tok.day) == (base.month, base.day):
                restated = True
            continue  # an end of a range or a point a count runs to
        if tok.end in op_after and not (pending and base is None and tok.year is None and last is None):
            # "March 24 + 1 day = March 25", "Oct 31 + 1 day": a date an operation starts from is
            # its base, not a result (a year left out is the one nearest the last date written).
            d = resolve(tok, base or (last[0] if last is not None else None))
            pending, base = [], None
            if d is not None:
                last = note(d, tok.end)
                last_yearless = tok.year is None
            continue
        if pending and (tok.start - pending[-1].end > RESULT_REACH or (pending[0].start < think_end and _SENTENCE.search(trace, pending[-1].end, tok.start))):
            pending, base = [], None
        if not pending:
            if tok.year is not None:  # a date without its year is not a base
                last, last_yearless = note(_full(tok, None), tok.end), False
            continue
        between = trace[pending[-1].end : tok.start]
        if (pending[-1].names_base and not between.strip()) or (_TO_BASE.match(between) and len(between) <= 60 and not _RESULT_LEAD.search(between)):
            d = resolve(tok, base or (last[0] if last is not None else None))  # "280 days after May 20": LMP 05/20/2020
            if d is not None:
                # "add 280 days to 08/02/2010": the base itself, of the operation that names it
                pending, base, restated = [o for o in pending if o.start == pending[-1].start], d, False  # "9 months 20 days after": both parts
                base_yearless = tok.year is None
                base_named = True
                last = note(d, tok.end)
            continue
        if base is None:
            pending = []
            if tok.year is not None:
                last, last_yearless = note(_full(tok, None), tok.end), False
            continue
        expr = encode(base, pending)
        res = apply(expr)
        if res is None:
            pending, base = [], None
            continue
        if base_yearless and tok.year is not None and res[0].year != tok.year:
            # "December 24 + 5 days = December 29, 2017": the base's year is the result's.
            for shift in (-1, 1):
                try:
                    other = encode(base.replace(year=base.year + shift), pending)
                except ValueError:
                    continue
                alt = apply(other)
                if alt is not None and alt[0].year == tok.year:
                    expr, res = other, alt
                    break
        if (tok.month, tok.day) == (base.month, base.day) and tok.year in (None, base.year):
            restated = True  # the base restated ("Feb 3 → Nov 11")
            continue
        if (part := _PART_OF_COUNT.search(trace, max(pending[-1].end, tok.start - 40), tok.start)) and (
                part.group("by") or sum(o.amount for o in pending if o.unit == "d") > int(part.group("n"))):
            # "Adding 19 days to September 25: … 5 days bring us to September 30", "… + 19 days. Counting:
            # 7 days to November 30, then 12 more": a point part-way (fewer days than the whole), not the result
            continue
        d = _full(tok, res[0])
        if d is None:
            continue
        lead = _RESULT_LEAD if base_named else _EQUALS_LEAD  # "280 days from April 9 is January 13"; "… = 2/27/2021"
        if base_named and last is not None and pending[-1].end <= last[1] <= tok.start:
            between = trace[last[1] : tok.start]  # what stands between the base the operation names and this date
        if d in seen and d != res[0] and not (lead.search(between) and len(between) <= 12):
            continue  # a date written before the operations, restated ("2. LMP is 05/20/2020."), not "+ 280 days = 2/27/2021"
        out.append(Claim("date", tok.start, tok.end, trace[tok.start : tok.end], expr=expr, value_text=d.isoformat()))
        last, last_yearless = note(d, tok.end), tok.year is None
        pending, base, restated = [], None, False
        if len(out) >= limit:
            break
    return out


# A count of days between two dates: "03/24 → 04/24: 31 days", "July 18 to July 31: 13 days", "from
# 07/18/2010 to 02/09/2011 = 206 days", "July 18–31: 13 days". The days follow the second date right away.
# Part of a count on the way to its result: "so 5 days bring us to", "the first 6 days take us to".
_PART_OF_COUNT = re.compile(r"\b(?P<n>\d{1,3})\s*(?:more\s+)?days?\s+(?:(?P<by>(?:brings?|takes?|gets?|puts?)\s+(?:us|me|it|you))\s+)?(?:to|through|until|till)\s*(?:the\s+end\s+of\s+)?$", re.I)
_COUNT_JOIN = re.compile(r"\s*(?:to|until|till|through|thru|[-–—]|→|->)\s*", re.I)
_DAYS_AFTER = re.compile(
    r"\s*(?:[:=,(]|→|->|\b(?:is|are|there\s+are|adds?|gives?|makes?|equals?|totals?|which\s+is|that\s+is|that's|for)\b)?"
    r"\s*(?:=\s*)?(?:another\s+|an?\s+additional\s+)?(?P<n>\d{1,5})\s*days?\b", re.I)


def _counts(trace: str, dates: list[DateToken], limit: int, think_end: int = -1) -> list[Claim]:
    """``date_count`` claims: the days between two dates, as the trace counts them (``expr``: the two
    dates in ISO form; ``value``: the days written). A year left out is the one that puts the date
    nearest the full dates written before; the second date's, when it falls earlier in the year, the
    next. In the thinking, a count written as a question ("April 9 to January 13 is 280 days?") is
    a guess the thinking goes on to check, not a claim."""
    pairs: list[Claim] = []  # between two dates
    months: list[Claim] = []  # within one month ("July 18–31: 13 days"), after the pairs
    full: list[dt.date] = []  # the full dates written so far
    later = _full_dates(dates)  # every full date, for a count written before any
    for i, a in enumerate(dates):
        if (whole := _as_date(a)) is not None:
            full.append(whole)
        b = dates[i + 1] if i + 1 < len(dates) else None
        between = b is not None and b.start - a.end <= 12 and _AND_JOIN.fullmatch(trace, a.end, b.start) is not None and \
            _BETWEEN_BEFORE.search(trace, max(0, a.start - 30), a.start) is not None  # "between 03/29/2020 and 03/23/2020 is 6 days"
        if b is not None and b.start - a.end <= 12 and (between or _COUNT_JOIN.fullmatch(trace, a.end, b.start)):
            found, r = pairs, None
        elif (r := _DAY_RANGE.match(trace, a.end)) is not None:
            found = months
        else:
            continue
        m = _DAYS_AFTER.match(trace, r.end() if r is not None else b.end)
        if m is None or len(found) >= limit:
            continue
        if a.start < think_end and _ASKED.match(trace, m.end()):
            continue  # in the thinking, a count asked ("April 9 to January 13 is 280 days?") is checked next
        year = a.year or _year_within(a, full or later)
        if year is None:
            # No year anywhere ("Mar 5 → Apr 5: 31 days"): any year, unless the count runs over a year's
            # end or February's (then the year decides it)
            year = _ANY_YEAR
            end = (a.month, int(r.group("d"))) if r is not None else (b.month, b.day)
            if end < (a.month, a.day) or (a.month, a.day) <= (2, 28) < end:
                continue
        try:
            first = dt.date(year, a.month, a.day)
            if r is not None:
                second = dt.date(year, a.month, int(r.group("d")))
            else:
                second = dt.date(b.year or year, b.month, b.day)
                if between and second < first:
                    first, second = second, first  # between two dates, in either order
                elif b.year is None and second < first:
                    second = dt.date(year + 1, b.month, b.day)
        except ValueError:
            continue
        if r is not None and second <= first:
            continue
        found.append(Claim("date_count", a.start, m.end(), trace[a.start : m.end()], expr=f"{first.isoformat()} {second.isoformat()}",
                           value=float(m.group("n")), value_text=m.group("n")))
    return pairs + months[: max(0, limit - len(pairs))]


_DAY_RANGE = re.compile(r"\s*[-–—]\s*(?P<d>\d{1,2})(?![\d/.])")
_ASKED = re.compile(r"[ \t]*\?")
_AND_JOIN = re.compile(r"\s*(?:and|&)\s*", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:current|today'?s|lmp|last|menstrual|date|dates|of|the|period)\s+){0,4}\(?$", re.I)
_ANY_YEAR = 2001  # not a leap year: used only for counts that do not span the end of February


def _as_date(tok: DateToken) -> dt.date | None:
    """The calendar date of a token written with its year, else None."""
    if tok.year is None:
        return None
    try:
        return dt.date(tok.year, tok.month, tok.day)
    except ValueError:
        return None


def _full_dates(dates: list[DateToken]) -> list[dt.date]:
    return [d for d in map(_as_date, dates) if d is not None]


def _year_within(tok: DateToken, full: list[dt.date]) -> int | None:
    """A year for a date written without one: the year that puts it nearest the span of the full
    dates written before ("from 07/18/2010 to 02/09/2011 … July 18 to July 31": 2010)."""
    if not full:
        return None
    lo, hi = min(full), max(full)
    best: tuple[int, int] | None = None
    for y in range(lo.year - 1, hi.year + 2):
        try:
            d = dt.date(y, tok.month, tok.day)
        except ValueError:
            continue
        gap = (lo - d).days if d < lo else (d - hi).days if d > hi else 0
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best is not None else None


NAMED_REACH = 60  # characters after a name searched for the date it names
# Between a name and its date only linking words ("last menstrual period was on July 25, 2010",
# "LMP: 07/25/2010", "today's date is …"): not an operation ("LMP + 280 days = …").
_NAME_TO_DATE = re.compile(r"(?:[\s:=,()*]|\b(?:which|'s|’s|is|was|were|on|of|at|date|dated|the|reported|given|as|recorded|stated|noted|being|began|begun|started|starting|occurred|(?:first\s+)?day)\b)*", re.I)


_OPERAND_OF = re.compile(r"\b(?:to|from|after|before|since|plus|minus)\s+(?:the\s+|her\s+|this\s+)?(?:patient'?s\s+|patient’s\s+)?$", re.I)


def named_dates(text: str, names: tuple[str, ...]) -> list[DateToken]:
    """The dates written right after one of ``names`` (lowercase, three letters or more), only
    linking words between: each a date the text gives for the named quantity, in text order."""
    if not text or not (_NUMERIC_HINT.search(text) or _MONTH_DATE_HINT.search(text)):
        return []
    low = text.lower()
    out: dict[int, DateToken] = {}
    for name in names:
        if len(name) < 3:
            continue
        for m in re.finditer(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", low):
            ds = find_dates(text, m.end(), min(len(text), m.end() + NAMED_REACH))
            if not ds or not _NAME_TO_DATE.fullmatch(text, m.end(), ds[0].start):
                continue
            lead = text[max(0, m.start() - NAMED_REACH) : m.start()]
            lead = lead[max((k.end() for k in _SENTENCE.finditer(lead)), default=0) :]
            if _OPERAND_OF.search(lead) or _VERB_OP.search(lead) or _AFTER_OP.search(lead):
                continue  # "the date after adding 40 weeks to the patient's LMP is …": the operation's result
            out[ds[0].start] = ds[0]
    return [out[k] for k in sorted(out)]


def one_named_date(text: str, names: tuple[str, ...]) -> tuple[int, int, int] | None:
    """(month, day, year) of the one full date written after ``names`` (``named_dates``); None when
    there is none or the dates after the names differ."""
    found = {(d.month, d.day, d.year) for d in named_dates(text, names) if d.year is not None}
    return found.pop() if len(found) == 1 else None


def count_days(expr: str) -> tuple[dt.date, dt.date] | None:
    """The two dates of a ``date_count`` claim's ``expr``."""
    try:
        a, b = expr.split()
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    except ValueError:
        return None


def _range_ends(trace: str, dates: list[DateToken]) -> set[int]:
    """Starts of the dates that end a range or a count ("May 20 to May 31", "up to Oct 31")."""
    out = set()
    for a, b in zip(dates, dates[1:], strict=False):
        if b.start - a.end <= 12 and _RANGE_JOIN.match(trace[a.end : b.start]):
            out.update((a.start, b.start))
    for d in dates:
        if _RANGE_NEXT.match(trace, d.end) or (_COUNT_POINT.search(trace, max(0, d.start - 12), d.start)
                                               and not _OP_FROM.search(trace, max(0, d.start - 30), d.start)):
            out.add(d.start)
    return out


# Cheap tests first (each scans the whole trace): a numeric date's separators, a month's name,
# then a duration word. Most traces have no date and stop at the first two.
_NUMERIC_HINT = re.compile(r"/\d{1,2}/\d{4}|-\d{1,2}-\d")
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_MONTH_DATE_HINT = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\d\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_OP_HINT = re.compile(r"(?=[dmwy])(?:day|week|month|year|wk)s?\b", re.I)  # the lookahead: re leaves other positions at once


def _might_have_dates(trace: str) -> bool:
    if not (_NUMERIC_HINT.search(trace) or (_MONTH_HINT.search(trace) and _MONTH_DATE_HINT.search(trace))):
        return False
    return _OP_HINT.search(trace) is not None


__all__ = ["BASE_REACH", "COUNTDOWN_REACH", "THINKING_BASE_REACH", "MAX_TOKENS", "RESULT_REACH", "DateToken", "apply", "count_days", "dates_in", "encode", "find_dates", "month_length", "read"]
