"""EPDS (Cox JL, Holden JM, Sagovsky R. Br J Psychiatry 1987;150:782-786, doi:10.1192/bjp.150.6.782: ten items
scored 0-3, total 0-30, cut-off 12/13). Examples worked by hand. No published worked example found; searched (search
tool, stored public pages, 2026-12-05): not searched this session beyond Cox 1987 already cited."""

import pytest

from clinverify.calculators import InputError, compute

# The ten items in the form's order, named by topic (the wording is copyrighted and not shipped).
NAMES = ("laughter", "anticipation", "self_blame", "anxiety", "panic", "coping", "sleep_difficulty", "sadness", "crying",
         "self_harm")


def items(*scores):
    return dict(zip(NAMES, scores, strict=False))


def test_probable_depression_example():
    # 2+2+3+2+1+2+1+2+1+0 = 16 (>= 13: probable depression).
    r = compute("epds", items(2, 2, 3, 2, 1, 2, 1, 2, 1, 0))
    assert r.value == 16
    assert "probable depression" in "\n".join(r.explanation())
    assert "assess immediately" not in "\n".join(r.explanation())


def test_low_score_with_self_harm_item_flagged():
    # 0+0+1+1+0+1+0+0+0+1 = 4 (< 10), item 10 = 1: flagged whatever the total.
    r = compute("epds", items(0, 0, 1, 1, 0, 1, 0, 0, 0, 1))
    assert r.value == 4
    text = "\n".join(r.explanation())
    assert "unlikely" in text and "assess immediately" in text


@pytest.mark.parametrize("total,band", [(9, "< 10"), (10, "10–12"), (12, "10–12"), (13, "≥ 13"), (30, "≥ 13")])
def test_cutoffs(total, band):
    scores = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    scores += [0] * (10 - len(scores))
    r = compute("epds", items(*scores))
    assert r.value == total
    assert band in "\n".join(r.explanation())


def test_question_number_keys():
    # q1 ... q10 in the form's order: q10 is the self-harm item.
    r = compute("epds", {**{f"q{i}": 1 for i in range(1, 10)}, "q10": 2})
    assert r.value == 11
    assert r.intermediates["self_harm_points"] == 2


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("epds", items(0, 0, 0, 0, 4, 0, 0, 0, 0, 0))
    assert ei.value.field == "panic"
    with pytest.raises(InputError) as ei:
        compute("epds", items(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert ei.value.field == "self_harm"
