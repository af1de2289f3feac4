FROM debian:bookworm-slim

RUN apt-get update && apt-get install -y --no-install-recommends wget curl ca-certificates xz-utils \
    && rm -rf /var/lib/apt/lists/*

RUN wget -O - https://nodejs.org/dist/v20.15.1/node-v20.15.1-linux-x64.tar.xz | tar -xJ -C /usr/local --strip-components=1
RUN curl -sL https://github.com/caddyserver/caddy/releases/download/v2.8.4/caddy_2.8.4_linux_amd64.tar.gz | tar -xz -C /usr/local/bin caddy

COPY Caddyfile /etc/caddy/Caddyfile
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile"]
