# syntax=docker/dockerfile:1
FROM ghcr.io/acme/ratelimiter:2.4.1

COPY <<EOF /etc/ratelimiter/config.toml
[server]
listen = "0.0.0.0:8080"

[limits]
default_rps = 50
burst = 100
EOF
ENV RATELIMITER_CONFIG=/etc/ratelimiter/config.toml
USER 10001
CMD ["ratelimiter", "--config", "/etc/ratelimiter/config.toml"]
