FROM python:3.11-slim AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM base AS test
COPY requirements-dev.txt .
RUN pip install --no-cache-dir -r requirements-dev.txt
COPY . .
RUN pytest tests/unit

FROM base AS test
COPY . .
RUN python -m pytest tests/integration

FROM base AS prod
COPY src/ ./src/
USER 1000
CMD ["python", "-m", "src"]
