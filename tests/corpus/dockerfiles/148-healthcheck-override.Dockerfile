FROM traefik:v3.1.0

COPY traefik.yml /etc/traefik/traefik.yml
COPY dynamic/ /etc/traefik/dynamic/

HEALTHCHECK --interval=10s --timeout=2s --retries=3 CMD ["traefik", "healthcheck", "--ping"]
EXPOSE 80 443 8080
HEALTHCHECK NONE
