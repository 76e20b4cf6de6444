"""Split a reasoning trace into steps with [start, end) character spans into the original text.

A step is a sentence, a line or a list item; LaTeX display blocks stay whole; ``<think>`` tags
are dropped (their content is segmented); a MedCalc-Bench style JSON answer
(``{"step_by_step_thinking": "...", "answer": "..."}``) is segmented inside its string, with
spans into the raw text, and its answer becomes the last step.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Segment(NamedTuple):  # a tuple: made for every sentence of every trace, so made cheaply
    index: int
    start: int
    end: int
    text: str


# Display math kept whole; think tags removed; JSON string escapes for newlines act as breaks.
_PROTECT = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]", re.S)
_BREAK = re.compile(r"\n|\\n|</?think>|<\|[a-z_]+\|>")
# A line that opens with "=" or "≈" continues the equation chain of the line before it.
_CONTINUES = re.compile(r"[ \t]*(?:\$\$|\\\[)?[ \t]*(?:=(?!=)|≈)")  # "$$= \frac{2454}{100.8}$$" too
# A sentence ends at . ! ? followed by space and a capital, digit, quote or bracket; not after
# an abbreviation or a single capital (initials), and never inside a number (1.4).
# Written to start with the punctuation itself, one character class for both branches (re then
# skips from candidate to candidate): group "gap" is the quote/bracket and space after . ! ?;
# without it, a "." glued to a capital.
_SENT_END = re.compile(r"[.!?](?:(?<=[a-z0-9%)\]]\.)(?=[A-Z][a-z])|(?P<gap>[\"')\]]?\s+(?=[A-Z0-9(\"'\[*#-])))")
# (an initial, "J. Smith"; not a unit after a number: "32.3 L. Hmm, …" ends its sentence)
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|vs|approx|Dr|Mr|Mrs|Ms|Fig|fig|No|no|St|etc|al|cf|ca)|(?<!\d )(?<!\d)(?<!/)\b[A-Z])\.$")
# A question's answer right after it, with its points ("? Yes (+1)", "? No → 0"), as a checklist writes it.
_ANSWERED = re.compile(r"[ \t]+(?:Yes|No|Present|Absent)\b[.,:]?[ \t]*(?:[(→=:-]|->|[-+−]?\d{1,2}(?![\d.,]))", re.I)
_ITEM_NUMBER = re.compile(r"\s*(?:[-*•]\s*)?(?:step\s*)?(?:\d{1,3}|[a-zA-Z])[.)]", re.I)
_JSON_KEY = re.compile(r'"(step_by_step_thinking|answer)"\s*:\s*')


def _json_string_end(text: str, i: int) -> int:
    """Index of the closing quote of the JSON string whose content starts at i."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i
        i += 1
    return n


def _ends_the_text(text: str, found: dict[str, int]) -> bool:
    """Does the JSON answer close the text (at most a closing brace and a code fence after it)?"""
    last = max(found.values())
    if last < len(text) and text[last] == '"':
        last = _json_string_end(text, last + 1) + 1
    else:
        m = re.match(r"[^,}\n]*", text[last:])
        last += m.end() if m else 0
    rest = text[last:]
    if "step_by_step_thinking" in found and "answer" not in found:
        return True  # an answer string cut off: what follows is still the JSON's
    return len(re.sub(r"[\s}`\]]", "", rest)) <= 3


def _regions(text: str) -> list[tuple[int, int]]:
    """Parts of the text to segment; for a JSON answer, the thinking string and the answer value."""
    tail = text.rfind("{")
    regions: list[tuple[int, int]] = []
    if tail != -1:
        found = {m.group(1): m.end() for m in _JSON_KEY.finditer(text, tail if "step_by_step_thinking" not in text[tail:] else tail)}
        if "step_by_step_thinking" not in found:
            k = text.find('"step_by_step_thinking"')
            if k != -1:
                tail = text.rfind("{", 0, k)
                found = {m.group(1): m.end() for m in _JSON_KEY.finditer(text, max(tail, 0))}
        if "step_by_step_thinking" in found and not _ends_the_text(text, found):
            return [(0, len(text))]  # a JSON answer written inside the thinking, with more after it
        if "step_by_step_thinking" in found:
            if tail > 0:
                regions.append((0, tail))
            s = found["step_by_step_thinking"]
            if s < len(text) and text[s] == '"':
                regions.append((s + 1, _json_string_end(text, s + 1)))
            if "answer" in found:
                a = found["answer"]
                if a < len(text) and text[a] == '"':
                    regions.append((a + 1, _json_string_end(text, a + 1)))
                else:
                    m = re.match(r"[^,}\n]*", text[a:])
                    regions.append((a, a + (m.end() if m else 0)))
            return regions
    return [(0, len(text))]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines (protected display math kept whole), then sentences within each line."""
    out: list[tuple[int, int]] = []
    cuts: list[tuple[int, int]] = []  # (start, end) of the separators
    protected = [(m.start(), m.end()) for m in _PROTECT.finditer(text, start, end)]
    for m in _BREAK.finditer(text, start, end):
        if _CONTINUES.match(text, m.end()) and m.group() in ("\n", "\\n"):
            continue  # "= 0.663 + 0.519 + 0.643" on its own line goes on the chain above it
        if not protected or not any(a <= m.start() < b for a, b in protected):
            cuts.append((m.start(), m.end()))
    pos = start
    for a, b in cuts + [(end, end)]:
        if a > pos:
            out.extend(_sentences(text, pos, a, protected))
        pos = b
    return out


def _sentences(text: str, start: int, end: int, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        gap = m.start("gap")
        cut = gap if gap != -1 else m.end()
        if protected and any(a <= cut < b for a, b in protected):
            continue
        if text[cut - 1] == "." and (_ABBREV.search(text, max(start, cut - 8), cut) or _ITEM_NUMBER.fullmatch(text, pos, cut)):
            continue  # both end in the full stop
        if text[cut - 1] == "?" and _ANSWERED.match(text, cut, end):
            continue  # "Entire leg swollen? No → 0": a criterion asked and answered is one decision
        if cut > pos:
            out.append((pos, cut))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out


def segment(text: str) -> list[Segment]:
    """Steps of a trace, in order, non-overlapping, whitespace trimmed, blank parts dropped."""
    steps: list[Segment] = []
    for rs, re_ in _regions(text):
        for a, b in _pieces(text, rs, re_):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            # A bullet or list number stays inside the step: it is part of what the model wrote.
            if b > a and text[a:b].strip("#*-•>` \t") != "":
                steps.append(Segment(len(steps), a, b, text[a:b]))
    return steps
