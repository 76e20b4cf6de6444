"""The HTML report (``verify --report r.html``) in Chromium: from an aggregate to the traces behind
it, and the report of MedCalc-Bench's 1,047 ground-truth explanations: how long it takes to open
and how large it is."""

from __future__ import annotations

import time

from clinverify.verifier import verify
from clinverify.verifier.batch import verify_row
from clinverify.verifier.report import Report

# One trace with a planted arithmetic error (the right value is 25.24 mL/min), three without.
PLANTED = (
    "The patient is 87 years old, weighs 48 kg and has a serum creatinine of 1.4 mg/dL.\n"
    "Cockcroft-Gault: CrCl = (140 - age) x weight / (72 x creatinine).\n"
    "CrCl = (140 - 87) x 48 / (72 x 1.4) = 35.2 mL/min.\n"
    "The creatinine clearance is 35.2 mL/min."
)
ROWS = [
    {"id": "bmi-ok", "trace": "Weight 70 kg, height 1.75 m.\nBMI = 70 / (1.75 x 1.75) = 22.9 kg/m^2.", "calculator": "bmi", "reference": "22.86"},
    {"id": "planted-arith", "trace": PLANTED, "calculator": "cockcroft_gault", "reference": "25.24"},
    {"id": "map-ok", "trace": "MAP = (120 + 2 x 80) / 3 = 93.3 mmHg.", "calculator": "mean_arterial_pressure"},
    {"id": "anion-ok", "trace": "Anion gap = 140 - (104 + 24) = 12 mEq/L.", "calculator": "anion_gap"},
]


def _report(tmp_path) -> str:
    report = Report()
    for row in ROWS:
        report.add(verify_row(row), row)
    path = tmp_path / "report.html"
    report.write(str(path))
    return path.as_uri()


def test_report_link_from_an_aggregate_to_its_trace(page, tmp_path, shot):
    page.goto(_report(tmp_path))
    page.locator("#trace-list article.trace").first.wait_for()
    assert page.locator("#trace-list article.trace").count() == len(ROWS)
    # the "Incorrect steps by error type" table: arithmetic -> the traces with such a step
    link = page.locator("#agg-1 a[href='#f=error:arithmetic']")
    assert link.inner_text() == "1"
    link.click()
    page.wait_for_function("document.querySelectorAll('#trace-list article.trace').length === 1")
    assert page.locator("#trace-info").inner_text().startswith("1 of 4 traces")
    trace = page.locator("#trace-list article.trace")
    assert trace.locator("code.id").inner_text() == "planted-arith"
    bad = trace.locator(".step.v-incorrect")  # the planted step, then the final answer it carries
    assert "(140 - 87) x 48 / (72 x 1.4) = 35.2" in bad.first.inner_text()
    assert "arithmetic" in bad.first.locator(".note").inner_text() and "25.2381" in bad.first.locator(".note").inner_text()
    assert "wrong" in trace.locator(".check").inner_text() and "cause arithmetic" in trace.locator(".check").inner_text()
    assert page.evaluate("location.hash") == "#f=error:arithmetic"
    # and from the calculator table to its traces
    page.locator("#agg-0 a[href='#f=calc:bmi']").click()
    page.wait_for_function("document.querySelector('#trace-list code.id') && document.querySelector('#trace-list code.id').textContent === 'bmi-ok'")
    page.locator("#agg-1 a[href='#f=error:arithmetic']").click()
    page.wait_for_function("document.querySelectorAll('#trace-list article.trace').length === 1")
    # the wrong answer's cause links to the same trace
    assert page.locator("#agg-2 a[href='#f=cause:arithmetic']").inner_text() == "1"
    shot(page.locator("#traces"), "trace-view.png", docs=True)
    # printable: the controls are hidden in print
    page.emulate_media(media="print")
    assert page.locator(".controls").is_hidden()


OPEN_TARGET_S = 2.0  # the figure; the assertion allows 10x (a loaded CI machine)
MAX_BYTES = 10_000_000


def test_ground_truth_report_opens_within_2s_and_stays_under_10mb(page, medcalc_rows, tmp_path, shot):
    from clinverify.datasets.explanations import rows_with_calculator, verify_kwargs

    report = Report()
    for r, _ in rows_with_calculator():
        report.add(verify(r.explanation, id=r.row, **verify_kwargs(r)).to_dict(), {"trace": r.explanation})
    assert report.n == 1047
    path = tmp_path / "gt.html"
    report.write(str(path))
    size = path.stat().st_size
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    page.locator("#trace-list article.trace").first.wait_for()
    opened = time.perf_counter() - t0
    nav = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()")
    info = page.locator("#trace-info").inner_text()
    print(f"ground-truth report: {size / 1e6:.2f} MB; opened in Chromium in {opened:.2f} s (DOMContentLoaded {nav[0] / 1e3:.2f} s, load {nav[1] / 1e3:.2f} s); {info}")
    assert size < MAX_BYTES
    assert opened <= 10 * OPEN_TARGET_S
    assert info.startswith("1047 of 1047 traces")
    # a link from an aggregate still reaches its traces at this size
    page.locator("a[href='#f=flagged']").first.click()
    page.wait_for_function("document.getElementById('trace-info').textContent.indexOf(' of 1047 traces') > 0 && !document.getElementById('trace-info').textContent.startsWith('1047 ')")
    shot(page, "ground-truth-report.png")
