FROM python:3.12.4-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5=15.7-0+deb12u1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10002 worker \
 && useradd --uid 10002 --gid worker --no-create-home --shell /usr/sbin/nologin worker

WORKDIR /opt/worker
COPY requirements.lock ./
RUN pip install --no-cache-dir --no-deps -r requirements.lock
COPY --chown=10002:10002 worker/ ./worker/

USER 10002
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s \
    CMD ["celery", "-A", "worker.app", "inspect", "ping", "--timeout", "5"]
ENTRYPOINT ["celery", "-A", "worker.app"]
CMD ["worker", "--loglevel=INFO", "--concurrency=4"]
