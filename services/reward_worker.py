"""Worker process for parallel local reward scoring (started by ``clinverify.services.reward_scoring``).

Run as ``python -P -m clinverify.services.reward_worker``: reads length-prefixed pickled
``(rows, max_chars)`` requests on stdin and writes length-prefixed pickled lists of compact
``verify`` results on stdout, until stdin closes. Plain subprocesses rather than
``multiprocessing`` so the trainer's ``__main__`` is never re-imported and nothing is forked
from a process that may hold threads or a CUDA context.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import Any

_HEADER = struct.Struct("<Q")


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """A ``verify`` output object without each step's text (the trace's own characters)."""
    steps = result.get("steps")
    if steps:
        result = dict(result)
        result["steps"] = [{k: v for k, v in s.items() if k != "text"} for s in steps]
    return result


def verify_rows(rows: list[dict[str, Any]], max_chars: int | None) -> list[dict[str, Any]]:
    from clinverify.verifier.batch import verify_row

    if max_chars is None:
        return [compact(verify_row(r)) for r in rows]
    return [compact(verify_row(r, max_chars=max_chars)) for r in rows]


def _read_exact(stream, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def send(stream, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def recv(stream) -> Any:
    head = _read_exact(stream, _HEADER.size)
    if head is None:
        raise EOFError("worker stream closed")
    (n,) = _HEADER.unpack(head)
    data = _read_exact(stream, n)
    if data is None:
        raise EOFError("worker stream closed")
    return pickle.loads(data)


def main() -> int:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol stream
    # Warm the caches (units, calculator tables) before saying ready.
    verify_rows([{"trace": "CrCl = ((140 - 72) * 52.38 * 0.85) / (72 * 1.3) = 32.35 mL/min. Answer: 32.35", "calculator": 2}], None)
    send(stdout, "ready")
    while True:
        try:
            rows, max_chars = recv(stdin)
        except EOFError:
            return 0
        try:
            out: Any = ("ok", verify_rows(rows, max_chars))
        except Exception as exc:  # verify_row never raises; this guards the unexpected
            out = ("error", f"{type(exc).__name__}: {exc}")
        send(stdout, out)


if __name__ == "__main__":
    sys.exit(main())
