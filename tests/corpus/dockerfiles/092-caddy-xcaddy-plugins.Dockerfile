FROM caddy:2.8.4-builder-alpine AS builder
RUN xcaddy build v2.8.4 \
    --with github.com/caddy-dns/cloudflare@v0.0.0-20240703190432-89f16b99c18e \
    --with github.com/mholt/caddy-ratelimit@v0.1.0

FROM caddy:2.8.4-alpine
COPY --from=builder /usr/bin/caddy /usr/bin/caddy
COPY Caddyfile /etc/caddy/Caddyfile
RUN caddy validate --config /etc/caddy/Caddyfile
EXPOSE 80 443 443/udp
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "--spider", "http://127.0.0.1:2019/config/"]
