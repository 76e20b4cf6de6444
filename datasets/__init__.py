"""clinverify.datasets: benchmark data access (MedCalc-Bench rows, corrected labels, the reviewed
errata) for ``bench/``, the tests and the CLI's evaluation commands.

Source folder ``datasets/`` is installed as ``clinverify.datasets`` (``package-dir`` in
pyproject.toml maps each top-level folder into the ``clinverify.*`` namespace). Layer: it may import
``clinverify.calculators`` and ``clinverify.verifier``; the calculators, the verifier and the
services never import it.
"""
