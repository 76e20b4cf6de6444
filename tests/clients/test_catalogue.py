"""The calculator catalogue (docs/calculators.md, `clinverify calc catalogue`), categories and keywords,
and `clinverify calc list --category/--keyword/--json`."""

import json
from pathlib import Path

import pytest

from clinverify.calculators import list_calculators
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import CATEGORIES, VERSION_INPUTS, category_key
from clinverify.clients.catalogue import render_catalogue
from clinverify.clients.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_doc_is_current():
    assert (ROOT / "docs" / "calculators.md").read_text() == render_catalogue(list_calculators()), (
        "regenerate with: clinverify calc catalogue > docs/calculators.md"
    )


def test_catalogue_has_a_row_per_calculator_with_its_versions():
    text = render_catalogue(list_calculators())
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(list_calculators())
    ckd = next(r for r in rows if r.startswith("| `ckd_epi_2021` "))
    assert "`method`: **ckd_epi_2021**, ckd_epi_2009, ekfc_2021" in ckd and "doi:10.1056/NEJMoa2102953" in ckd
    # A pipe inside a declaration cannot break the table.
    assert all(r.count(" | ") == 6 for r in rows)


def test_every_category_is_a_known_specialty():
    unknown = {c.id: c.category for c in list_calculators() if c.category not in CATEGORIES}
    assert not unknown, f"add the category to calculators/model.py CATEGORIES or use one of them: {unknown}"


def test_version_inputs_are_optional_choices_with_a_listed_default():
    for calc in list_calculators():
        versions = calc.versions()
        for inp in calc.inputs:
            if inp.name in VERSION_INPUTS and isinstance(inp, Choice) and not inp.required:
                assert inp.name in versions and inp.default in inp.options, calc.id


def list_ids(capsys, *args):
    assert main(["calc", "list", *args]) == 0
    return [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]


def test_list_is_unchanged_without_filters(capsys):
    assert main(["calc", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(list_calculators())
    assert lines[0].split("\t") == [list_calculators()[0].id, str(list_calculators()[0].medcalc_id), list_calculators()[0].name]


def test_list_by_category_folds_case_and_synonyms(capsys):
    renal = list_ids(capsys, "--category", "Renal")
    assert {"ckd_epi_2021", "mdrd_gfr", "cockcroft_gault"} <= set(renal)
    assert renal == list_ids(capsys, "--category", "nephrology")
    assert all(category_key(c.category) == "nephrology" for c in list_calculators() if c.id in renal)
    cardio = list_ids(capsys, "--category", "cardiology")
    assert "ldl_friedewald" in cardio and "ckd_epi_2021" not in cardio


def test_list_by_keyword(capsys):
    ids = list_ids(capsys, "--keyword", "chemotherapy")
    assert "body_surface_area" in ids and "bmi" not in ids
    assert "charlson_comorbidity_index" in list_ids(capsys, "--keyword", "Geriatrics", "--category", "general")
    assert list_ids(capsys, "--keyword", "no such word anywhere") == []


def test_unknown_category_is_a_usage_error_listing_the_categories(capsys):
    assert main(["calc", "list", "--category", "astrology"]) == 2
    err = capsys.readouterr().err
    assert "astrology" in err and "cardiology" in err


def test_list_json_lines(capsys):
    assert main(["calc", "list", "--json", "--keyword", "ideal body weight"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    ibw = next(r for r in rows if r["id"] == "ideal_body_weight")
    assert ibw["medcalc_id"] == 10 and ibw["category"] == "anthropometry"
    assert ibw["versions"] == {"method": ["devine_1974", "robinson_1983", "miller_1983", "hamwi_1964"]} and "drug dosing" in ibw["keywords"]


def test_catalogue_command_prints_the_doc(capsys):
    assert main(["calc", "catalogue"]) == 0
    assert capsys.readouterr().out == render_catalogue(list_calculators())


@pytest.mark.parametrize("calc_id", ["ckd_epi_2021", "mdrd_gfr", "body_surface_area", "ideal_body_weight", "ldl_friedewald", "charlson_comorbidity_index"])
def test_show_json_carries_the_catalogue_fields(capsys, calc_id):
    assert main(["calc", "show", calc_id, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["keywords"] and d["population"] and d["examples"]
    ((name, v),) = d["versions"].items()
    assert name == "method" and v["default"] == v["options"][0]
