"""clinverify.clients.

Source folder ``clients/`` is installed as ``clinverify.clients`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

