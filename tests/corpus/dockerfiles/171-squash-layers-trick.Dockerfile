FROM python:3.12.4-slim-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libc6-dev=2.36-9+deb12u7 \
 && pip install --no-cache-dir uwsgi==2.0.26 \
 && apt-get purge -y gcc libc6-dev && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
COPY app/ /srv/app/

# squash everything into a single layer
FROM scratch
COPY --from=build / /
WORKDIR /srv/app
USER 33
CMD ["uwsgi", "--http", ":8000", "--module", "app.wsgi"]
