"""gRPC server reflection on Ray Serve's gRPC proxy: ``grpc.reflection.v1.ServerReflection`` (what
current grpcurl asks for first) and ``grpc.reflection.v1alpha.ServerReflection``, as the standalone
server serves them (the same ``server._enable_reflection``: one servicer behind both names,
advertising the same services).

``add_reflection_to_server`` is a gRPC servicer function for ``grpc_options.grpc_servicer_functions``
(the last entry of ``ray_app.GRPC_SERVICER_FUNCTIONS``). Ray's proxy routes every method it is given
to the ingress deployment, except services marked *passthrough* (Ray >= 2.60), which run in the
proxy itself; reflection is marked so. Ray's own reflection (``grpc_options.enable_reflection``,
on by default) serves v1alpha only, so the configs here turn it off.

Reflection on the proxy runs outside the Gateway, so it is answered without the bearer token
(the standalone server requires it): it reveals only the API's schema, the same as the .proto
files in ``protos/``. To refuse it, leave this function out of ``grpc_servicer_functions`` (and
keep ``enable_reflection: false``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

import logging
from typing import Any

log = logging.getLogger("clinverify.ray")

REFLECTION_V1ALPHA = "grpc.reflection.v1alpha.ServerReflection"


def add_reflection_to_server(servicer: Any, server: Any) -> None:
    """Register reflection v1 and v1alpha on Ray's gRPC proxy ``server`` as passthrough services.
    ``servicer`` (Ray passes a placeholder to every servicer function) is not used."""
    from grpc_health.v1 import health_pb2

    from clinverify.services.health import SERVICE_NAMES
    from clinverify.services.server import REFLECTION_V1, _enable_reflection

    if not hasattr(server, "add_passthrough_service"):  # Ray < 2.60 would route it to the Gateway
        log.warning("this Ray's gRPC proxy cannot serve reflection itself (Ray >= 2.60 can): no gRPC reflection")
        return
    for name in (REFLECTION_V1, REFLECTION_V1ALPHA):
        server.add_passthrough_service(name)
    _enable_reflection((*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name), server)
