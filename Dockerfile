# openness as an HTTP service (docs/service.md):
#   docker build -t openness . && docker run --rm -p 8000:8000 openness
# tests/test_docker.py checks what can be checked without a Docker engine: the pinned slim base,
# the unprivileged user, the extras installed, the port, the health check and that the command
# is one `openness serve` accepts.

# Build: a wheel of the checkout, made where the build tools are, so that none is in the image.
FROM python:3.12.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE NOTICE.md ./
COPY src ./src
RUN pip wheel --no-deps --wheel-dir /wheels .

# Run: the wheel with the server extra. The service reads request bodies only, never the Hub, so
# the hub extra is left out (docs/service.md).
FROM python:3.12.12-slim
LABEL org.opencontainers.image.title="openness" \
      org.opencontainers.image.description="How open an AI model release is, and why: an HTTP service" \
      org.opencontainers.image.source="https://github.com/openness-dev/openness" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
RUN pip install --no-compile "$(ls /wheels/openness-*.whl)[server]" && rm -rf /wheels \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin openness

# Unprivileged, by number (Kubernetes' runAsNonRoot checks the number), with nothing to write.
USER 10001
WORKDIR /tmp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["openness", "serve", "--host", "0.0.0.0", "--port", "8000"]
