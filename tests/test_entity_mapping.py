"""The entity mapping table is documented and complete for MedCalc-Bench."""

from pathlib import Path

from clinverify.calculators import get, list_calculators
from clinverify.clients.cli import render_mapping

ROOT = Path(__file__).resolve().parent.parent
# Keys MedCalc-Bench attaches to rows of a calculator they do not belong to (PECARN items on FeverPAIN rows).
NOT_INPUTS = {
    "Altered mental status for PECARN head injury criteria",
    "Occipital, parietal or temporal scalp hematoma; history of level of conciousness (LOC) ≥5 sec; not acting normally per parent or severe mechanism of injury?",
}


def test_mapping_doc_is_current():
    assert (ROOT / "docs" / "entity-mapping.md").read_text().strip() == render_mapping(list_calculators()).strip(), (
        "regenerate with: clinverify calc mapping > docs/entity-mapping.md"
    )


def test_every_medcalc_entity_key_maps_to_an_input(medcalc_rows):
    unmapped = set()
    for r in medcalc_rows:
        calc = get(r.calculator_id)
        ents = calc.entity_adapter(r.entities) if calc.entity_adapter else r.entities
        for key in ents:
            if key.strip().lower() not in calc._keys and key not in NOT_INPUTS:
                unmapped.add((calc.id, key))
    assert not unmapped, sorted(unmapped)
