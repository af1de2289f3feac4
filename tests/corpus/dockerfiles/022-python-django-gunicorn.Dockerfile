FROM python:3.12.4-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bookings.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpq5=15.7-0+deb12u1 \
      tini=0.19.0-1 \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 10001 django \
 && useradd --uid 10001 --gid django --shell /usr/sbin/nologin --no-create-home django

WORKDIR /srv/bookings
COPY requirements/production.txt requirements.txt
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

COPY --chown=10001:10001 . .
RUN python manage.py collectstatic --noinput

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8000), 2)"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["gunicorn", "bookings.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
