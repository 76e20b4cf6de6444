"""Input limits: how large any raw input may be, checked before any expensive parsing.

A request's entities are checked against these limits first (``inputs.check_entities``, called
at the top of ``Calculator.parse``, before entity adapters and pint), so an oversized or
pathological input is rejected in microseconds with an ``InputError`` whose violation names the
field, the limit and its value ("weight: unit is 100000 characters; the limit is 64"). Every
input within the limits parses and computes in well under a second (in practice microseconds).

Each value is far above anything real: the figures quoted are the largest in MedCalc-Bench's
1,047 test rows (``clinverify.datasets.medcalc_bench.load_rows``) and in the calculators'
own declarations. ``LIMITS`` lists them all for documentation (the services' limits table).

No error message quotes more than ``MAX_QUOTED_CHARS`` characters of an offending input
(``quote``).
"""

from __future__ import annotations

MAX_ENTITY_KEYS = 256
"""Entity keys in one request. Largest real: 31 (a MedCalc-Bench row); the widest calculator
(Caprini) has 34 inputs, and datasets carry unrelated extras. The same value as the services'
check on the request's entities."""

MAX_KEY_CHARS = 512
"""Characters in one entity key. Largest real: 156 (a PECARN MedCalc-Bench key); the longest
declared alias is 75."""

MAX_VALUE_DEPTH = 4
"""Nesting of lists/dicts in one entity value. Real values are flat ([87, 'years'] is depth 1;
{'value': 87, 'unit': 'years'} too)."""

MAX_VALUE_ITEMS = 16
"""Elements in one entity value, all levels together (list items, dict entries). Largest real: 3
(['Dexamethasone PO', 7.96, 'mg'])."""

MAX_TEXT_CHARS = 256
"""Characters in one string inside an entity value (an option, a date, '1.4 mg/dL', a dict key).
Largest real: 62 (an option spelling; the longest declared spelling is 62 as well)."""

MAX_UNIT_CHARS = 64
"""Characters in one unit string. Largest real: 19 ('degrees fahreinheit'); the longest
known spelling ('ml/min/1.73 m^2') is 15. Bounds pint's unit parsing, whose time grows with the
square of the length (5 KB: 0.2 s, 100 KB: 71 s)."""

MAX_EXPONENT_CHARS = 3
"""Characters in one exponent of a unit ('m^2', 'min^-1' -> '-1', 'x^0.5' -> '0.5'). pint evaluates
numeric powers exactly, so '10**10**10' (10 characters) would build a ten-billion-digit integer;
exponents must be plain numbers of at most this many characters, not chained (9^9^9) and not
applied to a parenthesised group ((9^99)^99). Largest real: 1 ('kg/m^2')."""

MAX_NUMBER_CHARS = 40
"""Characters of a number written as text ('1.4'), and decimal digits of an integer value.
Largest real: 14 ('147000000000.0', a platelet count). Bounds int/float conversion and
keeps huge integers (whose str() Python refuses past 4,300 digits) out of the calculators."""

MAX_CALCULATOR_KEY_CHARS = 200
"""Characters in a calculator key (registry id, MedCalc-Bench id or name) that is looked up and
given close-match suggestions. Longest real: 61 (a MedCalc-Bench calculator name). A longer key
is unknown without a search for suggestions (whose cost grows with the key). The same value as
the services' check on CalculatorRef.key."""

MAX_ENTITIES_TEXT_CHARS = 65_536
"""Characters of entities written as text (JSON or a Python dict literal, ``parse_mapping_text``).
Largest real: 1,292 (MedCalc-Bench's 'Relevant Entities'). Bounds ``ast.literal_eval``
(about 1 s per 600 KB)."""

MAX_QUOTED_CHARS = 200
"""Characters of an offending input that an error message may quote (``quote``)."""

LIMITS: dict[str, int] = {
    "max_entity_keys": MAX_ENTITY_KEYS,
    "max_key_chars": MAX_KEY_CHARS,
    "max_value_depth": MAX_VALUE_DEPTH,
    "max_value_items": MAX_VALUE_ITEMS,
    "max_text_chars": MAX_TEXT_CHARS,
    "max_unit_chars": MAX_UNIT_CHARS,
    "max_exponent_chars": MAX_EXPONENT_CHARS,
    "max_number_chars": MAX_NUMBER_CHARS,
    "max_calculator_key_chars": MAX_CALCULATOR_KEY_CHARS,
    "max_entities_text_chars": MAX_ENTITIES_TEXT_CHARS,
    "max_quoted_chars": MAX_QUOTED_CHARS,
}
"""Every limit by name (lower-case constant name without its module), for a documented table."""

# 10**MAX_NUMBER_CHARS: an integer at or above it has more digits than the limit.
_INT_BOUND = 10**MAX_NUMBER_CHARS
# Integers longer than this many bits are described, never converted to text (str() of a
# 1-million-digit integer is quadratic and refused by Python past 4,300 digits).
_INT_REPR_BITS = 4 * MAX_QUOTED_CHARS


def too_many_digits(x: int) -> bool:
    """Whether an integer has more than MAX_NUMBER_CHARS decimal digits (a cheap comparison)."""
    return not -_INT_BOUND < x < _INT_BOUND


def digits(x: int) -> int:
    """An integer's number of decimal digits, exact below 10**MAX_NUMBER_CHARS, else estimated
    from its bit length (never converts a huge integer to text)."""
    if not too_many_digits(x):
        return len(str(abs(x)))
    return int(abs(x).bit_length() * 0.30103) + 1


def clip(text: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``str(text)`` cut to ``limit`` characters, saying how long it was: for messages and fields
    that carry input as it is (``quote`` shows it as a repr)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[: max(0, limit - 40)]}… ({len(text)} characters)"


def quote(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``repr(value)`` shortened to at most ``limit`` characters ('…' marks a cut), for error messages.

    A long string is cut before ``repr`` and a huge integer is described, not written out, so
    quoting costs O(limit) for them however large the input.
    """
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _INT_REPR_BITS:
        return f"<integer of about {digits(value)} digits>"
    else:
        text = repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def shorten(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` itself (no quotes added) cut to at most ``limit`` characters; for a field name taken
    from an input key."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
