"""The verifier's input limits, in one place: every input under them verifies in bounded time
and memory (the reliability tests measure well under 1 s and 200 MB for the worst inputs we
could build: long digit runs, repeated claims, deep brackets, long words, many dates, LaTeX).

Inputs over the size limits are refused with a clear error naming the field and the limit
(``TraceTooLarge``, ``NoteTooLarge``; ``batch.verify_row`` turns them into error rows with the
codes ``trace_too_large`` and ``note_too_large``). Inside the limits, what goes beyond a
per-number or per-claim bound is read as nothing (a neutral step part), never an error:
numbers with too many digits are not evaluated, and claims beyond the claim limits are left
unchecked, which the step's detail says.
"""

from __future__ import annotations

MAX_TRACE_CHARS = 200_000
"""Characters in a trace (the reasoning checked, thinking included). The longest real
thinking traces are a few tens of thousands of characters; 200,000 leaves room for long
reasoning models while keeping the worst trace's verification under about a second."""

MAX_NOTE_CHARS = 100_000
"""Characters in the patient note. MedCalc-Bench notes are at most about 11,000 characters;
100,000 is the reasoning service's own note limit. The note is searched for each value the
trace states, so its length multiplies the work of every claim."""

MAX_DIGITS = 40
"""Digits in one run of a number (its integer part, its decimals or its exponent); a number
written with a longer run is not a number to the verifier: it is not evaluated and its step
part stays neutral. Real values have at most about 17 significant digits (a float's repr);
the bound keeps every number-reading pattern linear in the text (a digit run can no longer be
re-read from each of its digits) and keeps ``int``/``float`` off huge strings."""

MAX_DIGIT_GROUPS = 13
"""Thousands groups (",ddd") in one number: 13 groups is 40 digits, as MAX_DIGITS."""

MAX_CLAIMS_PER_STEP = 100
"""Claims read from one step. A step is a sentence, a line or a display block: MedCalc-Bench
explanations have at most 3 claims in a step, long LaTeX derivations a few dozen. Claims beyond
it are not read or checked, and the step's detail says so."""

MAX_CLAIMS_PER_TRACE = 2_000
"""Claims checked in one trace (MedCalc-Bench explanations have at most 25; a long thinking
trace a few hundred). After it, the remaining steps' claims are left unchecked, and the step
where the limit is reached says so."""

MAX_CODE_LINES = 400
"""Lines of code a trace writes in fenced blocks that are run to check the values it shows for
them (``verifier.code_values``): a model's code is a few dozen lines. Lines past it are not run
and the values shown for them stay unchecked."""

DIGITS = r"\d{1," + str(MAX_DIGITS) + "}"
"""A run of digits, as number-reading patterns write it (bounded: see MAX_DIGITS)."""

LIMITS = {
    "max_trace_chars": MAX_TRACE_CHARS,
    "max_note_chars": MAX_NOTE_CHARS,
    "max_digits": MAX_DIGITS,
    "max_claims_per_step": MAX_CLAIMS_PER_STEP,
    "max_claims_per_trace": MAX_CLAIMS_PER_TRACE,
}
"""The limits by name, for services that publish them."""


class TraceTooLarge(ValueError):
    """The trace is longer than the limit (MAX_TRACE_CHARS unless the caller sets another)."""


class NoteTooLarge(ValueError):
    """The patient note is longer than the limit (MAX_NOTE_CHARS unless the caller sets another)."""


def step_limit_note(read: int) -> str:
    """The step detail for a step whose claims went over MAX_CLAIMS_PER_STEP."""
    return f"only the first {read} claims of this step were checked (limit {MAX_CLAIMS_PER_STEP} per step)"


def trace_limit_note() -> str:
    """The step detail where the trace's claims reach MAX_CLAIMS_PER_TRACE."""
    return f"the trace reached its limit of {MAX_CLAIMS_PER_TRACE} checked claims here; later claims were not checked"


__all__ = [
    "DIGITS",
    "LIMITS",
    "MAX_CLAIMS_PER_STEP",
    "MAX_CLAIMS_PER_TRACE",
    "MAX_CODE_LINES",
    "MAX_DIGITS",
    "MAX_DIGIT_GROUPS",
    "MAX_NOTE_CHARS",
    "MAX_TRACE_CHARS",
    "NoteTooLarge",
    "TraceTooLarge",
    "step_limit_note",
    "trace_limit_note",
]
