import time

from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.verifier.steps import segment


def _check_spans(text, steps):
    prev = 0
    for i, s in enumerate(steps):
        assert s.index == i
        assert prev <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        prev = s.end


def test_sentences_keep_decimals_and_abbreviations():
    t = "The creatinine is 1.4 mg/dL. The patient is 87 years old, e.g. elderly. BMI = 18.066 kg/m^2.The BMI is low."
    steps = segment(t)
    assert [s.text for s in steps] == [
        "The creatinine is 1.4 mg/dL.",
        "The patient is 87 years old, e.g. elderly.",
        "BMI = 18.066 kg/m^2.",
        "The BMI is low.",
    ]
    _check_spans(t, steps)


def test_lists_lines_and_think_tags():
    t = "<think>\n1. Age is 60.\n2. Weight is 70 kg.\n</think>\n- CrCl = 64.8 mL/min"
    steps = segment(t)
    assert [s.text for s in steps] == ["1. Age is 60.", "2. Weight is 70 kg.", "- CrCl = 64.8 mL/min"]
    _check_spans(t, steps)


def test_display_math_is_one_step():
    t = "We compute:\n$$\nCrCl = \\frac{(140-60) \\times 70}{72 \\times 1.2}\n= 64.8\n$$\nDone."
    steps = segment(t)
    assert any(s.text.startswith("$$") and s.text.endswith("$$") for s in steps)
    _check_spans(t, steps)


def test_json_answer_is_segmented_inside_and_answer_is_last():
    t = '{"step_by_step_thinking": "Age is 60.\\nCrCl = (140-60)*70/(72*1.2) = 64.8 mL/min.", "answer": "64.8"}'
    steps = segment(t)
    assert [s.text for s in steps] == ["Age is 60.", "CrCl = (140-60)*70/(72*1.2) = 64.8 mL/min.", "64.8"]
    _check_spans(t, steps)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_fuzz_spans_are_valid(text):
    _check_spans(text, segment(text))


def test_one_megabyte_trace_is_fast():
    t = ("The creatinine is 1.4 mg/dL. Then (140 - 60) * 70 / (72 * 1.2) = 64.8.\n" * 14000)[:1_000_000]
    t0 = time.perf_counter()
    steps = segment(t)
    assert steps and time.perf_counter() - t0 < 5


def test_a_unit_ending_in_a_capital_after_a_slash_ends_its_sentence():
    from clinverify.verifier.steps import segment
    texts = [s.text for s in segment("Anion gap = 140 - (90 + 15) = 35 mEq/L. Then, calculate the delta gap: Anion gap - 10.")]
    assert texts == ["Anion gap = 140 - (90 + 15) = 35 mEq/L.", "Then, calculate the delta gap: Anion gap - 10."]
    assert len(segment("Dr. J. Smith saw her.")) == 1  # initials still do not end a sentence
