ARG REGISTRY=registry.internal.example.com
ARG BASE_IMAGE=platform/python
ARG BASE_TAG=3.12-2024.07

FROM ${REGISTRY}/${BASE_IMAGE}:${BASE_TAG} AS base
ARG APP_VERSION=0.0.0-dev
LABEL org.opencontainers.image.version="${APP_VERSION}"
WORKDIR /app

FROM base AS test
COPY requirements-dev.txt ./
RUN pip install --no-cache-dir -r requirements-dev.txt
COPY . .
RUN pytest -q

FROM base AS release
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY src/ ./src/
USER 1000
CMD ["python", "-m", "src.main"]
