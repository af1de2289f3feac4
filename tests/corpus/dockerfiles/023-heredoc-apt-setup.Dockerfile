# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
rm -rf /var/lib/apt/lists/*
EOF
COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

RUN useradd --system --uid 999 --home-dir /var/lib/agent agent
USER 999
ENTRYPOINT ["docker-entrypoint.sh"]
