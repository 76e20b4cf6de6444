"""What the two GRACE scores (in-hospital, 6-month after discharge) share: the coordinating
centre's risk tables, which place either score in its risk group."""

from clinverify.calculators.model import Citation

RISK_TABLES = Citation(
    "GRACE risk tables (Center for Outcomes Research, University of Massachusetts Medical School): risk groups by "
    "score for non-ST-elevation and ST-elevation ACS.",
    url="https://www.outcomes-umassmed.org/grace/grace_risk_table.aspx",
)
