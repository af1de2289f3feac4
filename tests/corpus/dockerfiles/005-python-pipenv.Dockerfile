FROM python:3.11-slim

ENV PIPENV_VENV_IN_PROJECT=1 \
    PYTHONUNBUFFERED=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

RUN pip install pipenv

WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv install --deploy --system

COPY . .

RUN useradd -m worker
USER worker

CMD ["python", "-m", "scheduler"]
