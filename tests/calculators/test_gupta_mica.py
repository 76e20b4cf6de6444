"""Gupta MICA: Gupta PK et al., Circulation 2011;124:381-387 (doi:10.1161/CIRCULATIONAHA.110.015701): x = −5.25 + 0.02
× age + functional status + ASA + creatinine > 1.5 mg/dL (0.61) + procedure, risk = eˣ/(1 + eˣ). The paper prints no
scored patient; the first case is the worked example published with a public Gupta calculator (65 years, independent,
ASA 2, normal creatinine, orthopaedic: x = −6.44, 0.16 %), the others are worked by hand from the coefficients."""

import math

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.formulas.gupta_mica import ASA, FUNCTIONAL, PROCEDURES


def risk(x):
    return 100 * math.exp(x) / (1 + math.exp(x))


def mica(**kw):
    return compute("gupta_mica", {"age": 65, "functional_status": "independent", "asa_class": 2, "procedure": "hernia",
                                  "creatinine": 1.0, **kw})


def test_published_worked_example_orthopaedic():
    # x = 65 × 0.02 + 0 − 3.29 + 0 + 0.80 − 5.25 = −6.44; e^−6.44 / (1 + e^−6.44) = 0.1594 %.
    r = mica(procedure="orthopedic", creatinine=0.9)
    assert r.intermediates["logit"] == pytest.approx(-6.44)
    assert r.value == pytest.approx(0.15939, abs=1e-5)


def test_worked_example_high_risk_aortic():
    # 80 years (1.6), totally dependent 1.03, ASA 4 −0.95, creatinine 2.1 mg/dL (> 1.5) 0.61, aortic 1.60:
    # x = −5.25 + 1.6 + 1.03 − 0.95 + 0.61 + 1.60 = −1.36; e^−1.36 = 0.256661; 0.256661 / 1.256661 = 20.424 %.
    r = mica(age=80, functional_status="totally dependent", asa_class="IV", creatinine=2.1, procedure="aortic")
    assert r.intermediates["logit"] == pytest.approx(-1.36)
    assert r.value == pytest.approx(20.4240, abs=1e-4)
    assert "≥ 1 %: elevated" in r.explanation()[-1]


def test_creatinine_cut_is_strictly_above_1_5():
    assert mica(creatinine=1.5).intermediates["creatinine_term"] == 0
    assert mica(creatinine=1.51).intermediates["creatinine_term"] == 0.61
    assert mica(creatinine=[133, "umol/L"]).intermediates["creatinine_term"] == 0  # 1.505 mg/dL read as 1.50
    unknown = compute("gupta_mica", {"age": 65, "functional_status": "independent", "asa_class": 2, "procedure": "hernia"})
    assert unknown.intermediates["creatinine_term"] == -0.10  # not reported: the model's "unknown" category
    # x = −5.25 + 1.3 + 0 − 3.29 − 0.10 + 0 = −7.34.
    assert unknown.value == pytest.approx(risk(-7.34)) and "unknown: −0.10" in unknown.explanation()[1]


@pytest.mark.parametrize("asa", sorted(ASA))
def test_each_asa_class(asa):
    # 65 years, independent, hernia (0): x = −5.25 + 1.3 + ASA.
    assert mica(asa_class=asa).value == pytest.approx(risk(-3.95 + ASA[asa]))


@pytest.mark.parametrize("status", sorted(FUNCTIONAL))
def test_each_functional_status(status):
    assert mica(functional_status=status).value == pytest.approx(risk(-3.95 - 3.29 + FUNCTIONAL[status]))


@pytest.mark.parametrize("site", sorted(PROCEDURES))
def test_each_surgical_site(site):
    r = mica(procedure=site)
    assert r.intermediates["procedure_term"] == PROCEDURES[site][0]
    assert r.value == pytest.approx(risk(-7.24 + PROCEDURES[site][0]))


# The 21 surgical-site coefficients as MDCalc's formula table prints them (a markdown copy of the MDCalc page in a public
# GitHub repository), matched by four independent public implementations; checked 2026-12-05. Pinned here so a change
# to the module's table fails.
SITE_TABLE = {
    "anorectal": -0.16, "aortic": 1.60, "bariatric": -0.25, "brain": 1.40, "breast": -1.61, "cardiac": 1.01, "ent": 0.71,
    "foregut or hepatopancreatobiliary": 1.39, "gallbladder, appendix, adrenals or spleen": 0.59, "hernia": 0.0,
    "intestinal": 1.14, "neck": 0.18, "obstetric or gynaecologic": 0.76, "orthopaedic": 0.80, "other abdomen": 1.13,
    "peripheral vascular": 0.86, "skin": 0.54, "spine": 0.21, "thoracic": 0.40, "vein": -1.09, "urology": -0.26,
}


def test_site_coefficients_match_the_published_table():
    assert {site: coefficient for site, (coefficient, _) in PROCEDURES.items()} == SITE_TABLE
    assert ASA == {"1": -5.17, "2": -3.29, "3": -1.92, "4": -0.95, "5": 0.0}
    assert FUNCTIONAL == {"independent": 0.0, "partially dependent": 0.65, "totally dependent": 1.03}


def test_one_percent_threshold_text():
    assert "< 1 %: low" in mica().explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        mica(procedure="dental")
    assert ei.value.field == "procedure"
    with pytest.raises(InputError) as ei:
        mica(asa_class=6)
    assert ei.value.field == "asa_class"
    with pytest.raises(InputError) as ei:
        compute("gupta_mica", {"age": 70, "asa_class": 2, "procedure": "hernia"})
    assert ei.value.field == "functional_status"
