"""The web playground in Chromium: verify a trace with a planted error and see the incorrect step
highlighted; compute a calculator from its generated form; bad input named beside its field."""

from __future__ import annotations

import math

from clinverify.calculators import compute, get
from clinverify.calculators.model import fmt

# A Cockcroft-Gault trace with one planted arithmetic error (the right value is 25.24 mL/min).
PLANTED = (
    "The patient is 87 years old, weighs 48 kg and has a serum creatinine of 1.4 mg/dL.\n"
    "Cockcroft-Gault: CrCl = (140 - age) x weight / (72 x creatinine).\n"
    "CrCl = (140 - 87) x 48 / (72 x 1.4) = 35.2 mL/min.\n"
    "The creatinine clearance is 35.2 mL/min."
)
PLANTED_STEP = "(140 - 87) x 48 / (72 x 1.4) = 35.2"
QUESTION = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?"


def _ready(page, url: str) -> None:
    """The page, once its calculator list has loaded. (No wait_for_function here: Playwright
    evaluates its predicate with eval, which the page's Content-Security-Policy refuses.)"""
    page.goto(url)
    page.locator("#v-calculator option").nth(50).wait_for(state="attached")


def test_verify_highlights_the_planted_error(page, playground, shot):
    _ready(page, playground.url)
    page.fill("#trace", PLANTED)
    page.select_option("#v-calculator", "cockcroft_gault")
    page.click("#verify-submit")
    bad = page.locator("#verify-result .step.v-incorrect")
    bad.first.wait_for()
    assert bad.count() == 1
    assert PLANTED_STEP in bad.locator(".txt").inner_text()
    note = bad.locator(".note").inner_text()
    assert "arithmetic" in note and "25.2381" in note and "35.2" in note
    # the highlight is drawn: the report's colours for an incorrect step
    assert bad.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(204, 51, 51)"
    assert page.locator("#verify-result .badge.bad", has_text="incorrect step").count() == 1
    first = page.locator("#verify-result .scores a", has_text="first error")
    assert first.get_attribute("href") == f"#{bad.get_attribute('id')}"
    shot(page, "playground.png", docs=True, full_page=True)


def test_verify_identifies_the_calculator_from_the_question(page, playground):
    _ready(page, playground.url)
    page.fill("#trace", PLANTED)
    page.fill("#v-question", QUESTION)
    page.click("#verify-submit")
    page.locator("#verify-result article.trace").wait_for()
    assert "cockcroft_gault" in page.locator("#verify-result h3").inner_text()
    assert page.locator("#verify-result .step.v-incorrect").count() == 1


def test_verify_errors_name_the_field(page, playground):
    _ready(page, playground.url)
    page.click("#verify-submit")  # no trace
    page.locator("#verify-errors li").first.wait_for()
    assert "trace: required" in page.locator("#verify-errors").inner_text()
    assert page.locator(".field[data-field=trace].invalid").count() == 1
    page.fill("#trace", PLANTED)
    page.click("#v-more summary")
    page.fill("#v-entities", "{not json")
    page.click("#verify-submit")
    page.locator(".field[data-field=entities].invalid").wait_for()
    assert "not valid JSON" in page.locator(".field[data-field=entities] .problem").inner_text()
    assert page.locator(".field[data-field=trace].invalid").count() == 0
    page.fill("#v-entities", "")
    page.select_option("#v-calculator", "cockcroft_gault")
    page.fill("#trace", "x" * 200_001)
    page.click("#verify-submit")
    page.locator(".field[data-field=trace] .problem").wait_for()
    assert page.locator(".field[data-field=trace] .problem").inner_text() == "200001 characters; the limit is 200000"


def test_calculator_form_computes(page, playground, shot):
    page.goto(playground.url + "#calc=cockcroft_gault")
    page.locator("#calc-fields .field[data-field=creatinine]").wait_for()
    # the form is the declarations: every input, units to choose, the range, the citation
    fields = page.locator("#calc-fields .field").evaluate_all("els => els.map(e => e.dataset.field)")
    assert fields == [i.name for i in get("cockcroft_gault").inputs]
    units = page.locator("select[name='creatinine.unit'] option").evaluate_all("els => els.map(e => e.value)")
    assert "mg/dL" in units and "umol/L" in units
    assert "plausible range" in page.locator(".field[data-field=age] .hint").inner_text()
    assert page.locator("#calc-info a[href^='https://doi.org/']").count() >= 1
    page.select_option("#in-sex", "male")
    page.fill("#in-age", "87")
    page.fill("#in-weight", "48")
    page.select_option("select[name='weight.unit']", "kg")
    page.fill("#in-height", "163")
    page.select_option("select[name='height.unit']", "cm")
    page.fill("#in-creatinine", "123.8")
    page.select_option("select[name='creatinine.unit']", "umol/L")
    page.click("#calc-submit")
    page.locator("#calc-answer").wait_for()
    calc = get("cockcroft_gault")
    expected = compute("cockcroft_gault", {"sex": "Male", "age": [87, "years"], "weight": [48, "kg"], "height": [163, "cm"], "creatinine": [123.8, "umol/L"]}).value
    shown = page.locator("#calc-answer .value").inner_text()
    assert shown == fmt(expected, calc.output.decimals) and math.isclose(float(shown), 25.24, abs_tol=0.05)
    assert page.locator("#calc-answer ol.explanation li").count() >= 3
    shot(page, "calculator-form.png", docs=True, full_page=True)


def test_calculator_form_names_the_bad_field_and_its_limit(page, playground):
    page.goto(playground.url + "#calc=cockcroft_gault")
    page.locator("#in-age").wait_for()
    page.select_option("#in-sex", "male")
    page.fill("#in-age", "870")
    page.fill("#in-weight", "48")
    page.fill("#in-height", "163")
    page.fill("#in-creatinine", "1.4")
    page.select_option("select[name='creatinine.unit']", "mg/dL")
    page.click("#calc-submit")
    problem = page.locator(".field[data-field=age] .problem")
    problem.wait_for()
    assert "outside the plausible range 0–125" in problem.inner_text()
    invalid = page.locator("#calc-fields .field.invalid")
    for _ in range(50):  # the page marks fields as the answer comes back: settle (up to 5 s) under load
        if invalid.count() == 1:
            break
        page.wait_for_timeout(100)
    assert invalid.count() == 1, [invalid.nth(k).get_attribute("data-field") for k in range(invalid.count())]
    assert page.locator("#calc-answer").count() == 0


def test_token_is_asked_for_and_sent(browser, make_playground):
    srv = make_playground(token="s3cret-playground")
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        pg.goto(srv.url)
        pg.locator("#auth").wait_for()
        pg.fill("#token", "s3cret-playground")
        pg.click("#token-use")
        pg.locator("#v-calculator option").nth(50).wait_for(state="attached")
        assert pg.locator("#auth").is_hidden()
    finally:
        ctx.close()
