"""ARDSnet PBW and tidal volume: ARDS Network, N Engl J Med 2000;342:1301-1308 (PMID 10793162), Methods:
PBW men 50 + 0.91 (cm − 152.4), women 45.5 + 0.91 (cm − 152.4); tidal volume 6 mL/kg PBW, range 4-8
(protocol card). Examples worked by hand from the published equations. No published worked example found; searched
(search tool, stored public pages, 2026-12-05): pages for the ARDSNet protocol card or PBW table with a worked height
(only the equations; the one worked figure found is an AI-generated answer page, not used)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("ardsnet_tidal_volume")


def test_man_5_ft_10_in():
    # 70 in = 177.8 cm; PBW = 50 + 0.91 × (177.8 − 152.4) = 50 + 0.91 × 25.4 = 50 + 23.114 = 73.114 kg;
    # Vt = 6 × 73.114 = 438.684 mL.
    r = compute("ardsnet_tidal_volume", {"sex": "male", "height": [70, "in"]})
    assert r.intermediates["predicted_body_weight"] == pytest.approx(73.114)
    assert r.value == pytest.approx(438.684)
    assert r.display() == "439"


def test_woman_160_cm():
    # PBW = 45.5 + 0.91 × (160 − 152.4) = 45.5 + 0.91 × 7.6 = 45.5 + 6.916 = 52.416 kg;
    # Vt = 6 × 52.416 = 314.496 mL; range 4 × 52.416 = 209.664 to 8 × 52.416 = 419.328 mL.
    r = compute("ardsnet_tidal_volume", {"sex": "F", "height": 160})
    assert r.intermediates["predicted_body_weight"] == pytest.approx(52.416)
    assert r.value == pytest.approx(314.496)
    assert r.intermediates["tidal_volume_4"] == pytest.approx(209.664)
    assert r.intermediates["tidal_volume_8"] == pytest.approx(419.328)


def test_five_feet_is_the_base_weight():
    # At 152.4 cm (60 in) PBW is the base: 50 kg men, 45.5 kg women.
    assert compute("ardsnet_tidal_volume", {"sex": "male", "height": 152.4}).intermediates["predicted_body_weight"] == pytest.approx(50)
    assert compute("ardsnet_tidal_volume", {"sex": "female", "height": [60, "in"]}).value == pytest.approx(6 * 45.5)


@pytest.mark.parametrize("per_kg", [4, 6, 8])
def test_per_kg_range_edges(per_kg):
    # 180 cm man: PBW = 50 + 0.91 × 27.6 = 75.116 kg.
    r = compute("ardsnet_tidal_volume", {"sex": "male", "height": 180, "tidal_volume_per_kg": per_kg})
    assert r.value == pytest.approx(per_kg * 75.116)


@pytest.mark.parametrize("per_kg", [3.9, 8.1, 12])
def test_per_kg_outside_4_to_8_is_refused(per_kg):
    with pytest.raises(InputError) as ei:
        compute("ardsnet_tidal_volume", {"sex": "male", "height": 180, "tidal_volume_per_kg": per_kg})
    assert ei.value.field == "tidal_volume_per_kg"


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ardsnet_tidal_volume", {"sex": "male", "height": 100})
    assert ei.value.field == "height"
    with pytest.raises(InputError) as ei:
        compute("ardsnet_tidal_volume", {"height": 170})
    assert ei.value.field == "sex"
