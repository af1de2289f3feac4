# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim

RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && install -m 0755 -d /etc/apt/keyrings \
 && curl -fsSL https://packages.example.com/gpg.key -o /etc/apt/keyrings/example.asc \
 && rm -rf /var/lib/apt/lists/*
RUN cat <<EOF > /etc/apt/sources.list.d/example.list
deb [signed-by=/etc/apt/keyrings/example.asc] https://packages.example.com/debian bookworm main
EOF
RUN apt-get update && apt-get install -y --no-install-recommends example-agent && rm -rf /var/lib/apt/lists/*
CMD ["example-agent"]
