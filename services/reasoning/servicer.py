"""ReasoningService wiring for the standalone asyncio server (``clinverify serve``)::

    from clinverify.api.v1 import reasoning_pb2_grpc
    from clinverify.services.reasoning import load_backend
    from clinverify.services.reasoning.servicer import make_reasoning_servicer

    backend = load_backend("transformers", model=args.model)        # or None: UNIMPLEMENTED
    reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server(make_reasoning_servicer(backend), server)

or, with the server's own config object, ``ServerConfig(reasoning_servicer=make_reasoning_servicer(backend))``.

The logic is ``clinverify.services.reasoning.core.ReasoningCore``; the grpc.aio adapter is
``clinverify.services.servicers.ReasoningServicer`` (this module names them where the docs
always have).
"""

from clinverify.services.reasoning.core import ReasoningCore
from clinverify.services.servicers import ReasoningServicer, make_reasoning_servicer

__all__ = ["ReasoningCore", "ReasoningServicer", "make_reasoning_servicer"]
