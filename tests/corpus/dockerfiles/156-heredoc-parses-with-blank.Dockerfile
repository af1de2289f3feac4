# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim

RUN <<EOF
apt-get update
apt-get install --no-install-recommends chromium fonts-liberation
EOF

RUN useradd --uid 1002 --create-home renderer
USER 1002
ENTRYPOINT ["chromium", "--headless", "--no-sandbox", "--disable-gpu"]
