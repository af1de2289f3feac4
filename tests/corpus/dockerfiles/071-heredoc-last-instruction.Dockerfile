# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
WORKDIR /opt/tools
COPY scripts/ ./scripts/
RUN <<EOF
apt-get update
apt-get install -y git make
EOF
