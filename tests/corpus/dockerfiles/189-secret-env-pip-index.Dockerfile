# syntax=docker/dockerfile:1.10
FROM python:3.12.4-slim-bookworm AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt .
RUN --mount=type=secret,id=pip_index_url,env=PIP_INDEX_URL \
    --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

FROM python:3.12.4-slim-bookworm
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /srv/scoring
COPY scoring/ ./scoring/
USER 1000:1000
CMD ["python", "-m", "scoring.serve"]
