"""Regenerate protos/gen/python from protos/clinverify/api/v1/*.proto with the pinned grpcio-tools.

    python protos/generate.py [--out DIR]

Generated code is committed; tests/test_protos.py checks that regenerating changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTOS = sorted((HERE / "clinverify" / "api" / "v1").glob("*.proto"))


def generate(out: Path) -> None:
    import grpc_tools
    from grpc_tools import protoc

    out.mkdir(parents=True, exist_ok=True)
    include = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", f"-I{HERE}", f"-I{include}", f"--python_out={out}", f"--pyi_out={out}", f"--grpc_python_out={out}"]
    args += [str(p.relative_to(HERE)) for p in PROTOS]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for pkg in (out / "clinverify" / "api", out / "clinverify" / "api" / "v1"):
        init = pkg / "__init__.py"
        if not init.exists():
            init.write_text('"""Generated from protos/clinverify/api; do not edit."""\n')


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(HERE / "gen" / "python"))
    a = ap.parse_args(argv)
    generate(Path(a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
