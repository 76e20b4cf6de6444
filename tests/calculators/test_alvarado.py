"""Alvarado score: Alvarado A, Ann Emerg Med 1986;15:557-564 (doi:10.1016/S0196-0644(86)80993-3): MANTRELS,
migration 1, anorexia 1, nausea/vomiting 1, RLQ tenderness 2, rebound 1, temperature >= 37.3 °C 1,
leukocytosis > 10 2, left shift 1. Bounds and monotonicity: declared in the module."""

from clinverify.calculators import compute


def test_alvarado():
    e = {"migration_to_rlq": 1, "anorexia": 1, "rlq_tenderness": 1, "temperature": [100, "°F"], "wbc": 12}
    assert compute("alvarado", e).value == 7
    assert compute("alvarado", {**e, "neutrophils_percent": 80, "rebound": True, "nausea_vomiting": True}).value == 10
