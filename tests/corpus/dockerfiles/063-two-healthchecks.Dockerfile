FROM haproxy:2.9.9-alpine

COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg
HEALTHCHECK --interval=10s CMD ["haproxy", "-c", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]

COPY errors/ /usr/local/etc/haproxy/errors/
# probe the stats endpoint instead
HEALTHCHECK --interval=10s --timeout=2s CMD wget -qO- http://127.0.0.1:8404/stats || exit 1
EXPOSE 80 443 8404
