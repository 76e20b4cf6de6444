import json

import pytest

from clinverify.services.reasoning.prompting import SYSTEM_PROMPT, Example, build_messages, parse_output


def test_zero_shot_messages_follow_medcalc_bench():
    msgs = build_messages("A 50-year-old man.", "What is the patient's BMI?")
    assert [m["role"] for m in msgs] == ["system", "user"]
    assert msgs[0]["content"] == SYSTEM_PROMPT
    assert '"step_by_step_thinking"' in SYSTEM_PROMPT and '"answer"' in SYSTEM_PROMPT
    user = msgs[1]["content"]
    assert user.startswith("Here is the patient note:\nA 50-year-old man.")
    assert "Here is the task:\nWhat is the patient's BMI?" in user
    assert user.rstrip().endswith(":")


def test_one_shot_inserts_a_worked_exchange():
    ex = Example("note", "q?", "step 1 ... step 2", "12")
    msgs = build_messages("n2", "q2?", example=ex)
    assert [m["role"] for m in msgs] == ["system", "user", "assistant", "user"]
    assert json.loads(msgs[2]["content"]) == {"step_by_step_thinking": "step 1 ... step 2", "answer": "12"}


def test_question_required():
    with pytest.raises(ValueError, match="question"):
        build_messages("note", "  ")


@pytest.mark.parametrize(
    "text,thinking,answer,well_formed",
    [
        ('{"step_by_step_thinking": "a = 1", "answer": "3.5"}', "a = 1", "3.5", True),
        ('```json\n{"step_by_step_thinking": "x", "answer": 7}\n```', "x", "7", True),
        ('Here is the JSON:\n{"step_by_step_thinking": "y", "answer": "2"}\nDone.', "y", "2", False),
        ('{"step_by_step_thinking": "cut off mid-sen', "cut off mid-sen", None, False),
        ('{"step_by_step_thinking": "broken "json", "answer": "4"', "broken ", "4", False),
        ("plain prose, answer 5", "plain prose, answer 5", None, False),
    ],
)
def test_parse_output_is_lenient(text, thinking, answer, well_formed):
    p = parse_output(text)
    assert p.thinking == thinking
    assert p.answer == answer
    assert p.well_formed is well_formed
