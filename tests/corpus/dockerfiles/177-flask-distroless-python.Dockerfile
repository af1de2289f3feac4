# syntax=docker/dockerfile:1
FROM python:3.11.9-slim-bookworm AS build
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes -r /tmp/requirements.txt
COPY app/ /app/

FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
ENV PYTHONPATH=/venv/lib/python3.11/site-packages \
    PYTHONUNBUFFERED=1
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["python3", "-m", "gunicorn", "--bind", "0.0.0.0:8080", "wsgi:app"]
