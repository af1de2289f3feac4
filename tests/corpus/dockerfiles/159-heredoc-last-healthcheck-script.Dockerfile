# syntax=docker/dockerfile:1.4
FROM redis:7.2.5-bookworm
COPY redis.conf /usr/local/etc/redis/redis.conf
HEALTHCHECK --interval=5s --timeout=3s CMD ["/usr/local/bin/healthcheck.sh"]
USER redis
CMD ["redis-server", "/usr/local/etc/redis/redis.conf"]
COPY --chmod=755 <<EOF /usr/local/bin/healthcheck.sh
#!/bin/sh
[ "\$(redis-cli ping)" = "PONG" ]
EOF
