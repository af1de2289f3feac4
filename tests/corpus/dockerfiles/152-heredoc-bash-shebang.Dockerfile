# syntax=docker/dockerfile:1.4
FROM ubuntu:22.04

RUN <<EOF
#!/usr/bin/env bash
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends openjdk-17-jre-headless curl
curl -fsSL -o /opt/metabase.jar https://downloads.metabase.com/v0.50.13/metabase.jar
rm -rf /var/lib/apt/lists/*
EOF
EXPOSE 3000
CMD ["java", "-jar", "/opt/metabase.jar"]
