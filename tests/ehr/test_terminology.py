"""The terminology table (clinverify.calculators.terminology) agrees with the calculators it names."""

from __future__ import annotations

import re

from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.registry import get
from clinverify.calculators.terminology import TERMINOLOGY, Answered, Demographic, Finding, Measured, Medicated

_LOINC = re.compile(r"^\d{1,7}-\d$")


def test_every_entry_names_a_calculator_input_of_the_right_kind():
    for calc_id, table in TERMINOLOGY.items():
        calc = get(calc_id)
        for name, concept in table.items():
            inp = calc.input(name)  # KeyError names a stale entry
            if isinstance(concept, Measured):
                assert isinstance(inp, Number), (calc_id, name)
            elif isinstance(concept, (Finding, Answered, Medicated)):
                assert isinstance(inp, Flag), (calc_id, name)
            else:
                assert isinstance(concept, Demographic) and name == concept.field, (calc_id, name)


def test_codes_are_well_formed_and_loinc_check_digits_hold():
    def check_digit(code: str) -> bool:  # LOINC's mod-10 check digit
        digits = code.split("-")[0].rjust(7, "0")
        odd = "".join(digits[i] for i in range(len(digits) - 1, -1, -2))
        even = "".join(digits[i] for i in range(len(digits) - 2, -1, -2))
        total = sum(int(c) for c in str(int(odd) * 2)) + sum(int(c) for c in even)
        return (10 - total % 10) % 10 == int(code.split("-")[1])

    for table in TERMINOLOGY.values():
        for concept in table.values():
            for code in getattr(concept, "loinc", ()):
                assert _LOINC.match(code) and check_digit(code), code
            for code in getattr(concept, "snomed", ()):
                assert code.isdigit() and 6 <= len(code) <= 18, code
            for code in getattr(concept, "rxnorm", ()):
                assert code.isdigit() and 3 <= len(code) <= 8, code
            for code in getattr(concept, "icd10", ()):
                assert re.match(r"^[A-Z]\d\d(\.\d{1,4})?$", code), code


def test_the_most_common_calculators_are_covered():
    for calc_id in ("cockcroft_gault", "ckd_epi_2021", "cha2ds2_vasc", "mean_arterial_pressure", "bmi", "anion_gap",
                    "meld_na", "fib4", "ldl_friedewald", "has_bled", "curb_65", "qtc_bazett"):
        assert TERMINOLOGY[calc_id], calc_id
