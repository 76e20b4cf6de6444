"""Every calculator declares search keywords, and ``clinverify calc list --keyword`` finds a
calculator by the words clinicians type: abbreviations, synonyms, American and British spellings."""

import pytest

from clinverify.calculators import list_calculators
from clinverify.clients.cli import main

CALCS = list_calculators()


@pytest.mark.parametrize("calc", CALCS, ids=lambda c: c.id)
def test_every_calculator_has_keywords(calc):
    assert calc.keywords, f"{calc.id}: declare keywords= (synonyms, abbreviations, specialties)"
    for k in calc.keywords:
        assert isinstance(k, str) and k == k.strip().lower() and k, f"{calc.id}: keyword {k!r} (lower case, trimmed)"
    assert len(set(calc.keywords)) == len(calc.keywords), f"{calc.id}: a keyword twice"
    # At least one keyword says something the id and the name do not.
    own = f"{calc.id} {calc.id.replace('_', ' ')} {calc.name}".lower()
    assert any(k not in own for k in calc.keywords), f"{calc.id}: the keywords only repeat the id or name"


# (what a clinician types, a calculator it must find)
SYNONYMS = [
    ("phq9", "phq_9"), ("PHQ-9", "phq_9"), ("depression", "phq_9"), ("gad7", "gad_7"), ("anxiety", "gad_7"),
    ("afib", "cha2ds2_vasc"), ("chadsvasc", "cha2ds2_vasc"), ("afib", "cha2ds2_va"), ("hasbled", "has_bled"),
    ("gcs", "glasgow_coma_scale"), ("curb65", "curb_65"), ("ekg", "qtc_bazett"), ("ECG", "qtc_fridericia"),
    ("egfr", "ckd_epi_2021"), ("kidney function", "mdrd_gfr"), ("crcl", "cockcroft_gault"), ("paediatric", "bedside_schwartz"),
    ("abg", "aa_gradient"), ("hypoxemia", "aa_gradient"), ("hyponatremia", "serum_osmolality"),
    ("hyponatraemia", "sodium_correction_hyperglycemia"), ("hypernatremia", "free_water_deficit"),
    ("hypocalcemia", "calcium_correction"), ("hypokalaemia", "ttkg"), ("anemia", "corrected_reticulocyte_count"),
    ("prednisone", "steroid_conversion"), ("opioid", "morphine_milligram_equivalents"),
    ("alcohol", "audit"), ("auditc", "audit_c"), ("alcohol withdrawal", "ciwa_ar"), ("stopbang", "stop_bang"),
    ("sleep apnea", "stop_bang"), ("heart attack", "timi_stemi"), ("cardiovascular risk", "ascvd_pce"),
    ("statin", "prevent_cvd"), ("pulmonary embolism", "wells_pe"), ("dvt", "wells_dvt"), ("stroke", "nihss"),
    ("tia", "abcd2"), ("sepsis", "qsofa"), ("early warning", "news2"), ("pneumonia", "pneumonia_severity_index"),
    ("cirrhosis", "child_pugh"), ("liver transplant", "meld_na"), ("liver fibrosis", "fib4"), ("masld", "nafld_fibrosis_score"),
    ("neonate", "apgar"), ("head ct", "pecarn_head_injury"), ("pressure sore", "braden"), ("bedsore", "braden"),
    ("postpartum depression", "epds"), ("familial hypercholesterolemia", "dutch_lipid_clinic"), ("dlcn", "dutch_lipid_clinic"),
    ("dilantin", "phenytoin_correction"), ("delirium", "four_at"), ("elderly", "barthel_index"), ("hit", "four_ts"),
    ("dic", "isth_dic"), ("hlh", "hscore"), ("thyroid storm", "burch_wartofsky"), ("diabetes risk", "findrisc"),
    ("copd", "bode_index"), ("breathlessness", "mrc_dyspnoea"), ("asa class", "asa_physical_status"),
    ("perioperative", "revised_cardiac_risk_index"), ("ards", "ardsnet_tidal_volume"), ("albuminuria", "uacr"),
    ("aki", "fena"), ("cardiac surgery", "euroscore_ii"), ("chemotherapy", "body_surface_area"),
    ("ideal weight", "ideal_body_weight"), ("dosing weight", "adjusted_body_weight"), ("due date", "estimated_due_date"),
    ("gi bleed", "glasgow_blatchford"), ("appendicitis", "alvarado"), ("pancreatitis", "ranson"),
]


def list_ids(capsys, *args):
    assert main(["calc", "list", *args]) == 0
    return [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]


def test_synonym_table_names_registered_calculators():
    ids = {c.id for c in CALCS}
    assert {want for _, want in SYNONYMS} <= ids


@pytest.mark.parametrize(("query", "want"), SYNONYMS, ids=[q for q, _ in SYNONYMS])
def test_calc_list_finds_what_clinicians_search_for(capsys, query, want):
    found = list_ids(capsys, "--keyword", query)
    assert want in found, f"`calc list --keyword {query!r}` does not list {want}: add the word to its keywords"


def test_a_search_narrows_the_list(capsys):
    # A specific word lists few calculators, not the whole registry.
    assert 0 < len(list_ids(capsys, "--keyword", "phq9")) <= 3
    assert set(list_ids(capsys, "--keyword", "stroke", "--category", "neurology")) >= {"nihss", "abcd2"}
