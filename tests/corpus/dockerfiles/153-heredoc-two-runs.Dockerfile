# syntax=docker/dockerfile:1
FROM python:3.12-slim-bookworm

RUN <<EOF
pip install --no-cache-dir poetry==1.8.3
poetry config virtualenvs.create false
EOF

WORKDIR /app
COPY pyproject.toml poetry.lock ./

RUN <<EOF
poetry install --only main --no-root --no-interaction
useradd --uid 1001 --no-create-home svc
EOF
COPY src/ ./src/
USER 1001
CMD ["python", "-m", "src.app"]
