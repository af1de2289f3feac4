FROM nginx:1.26-alpine

LABEL Maintainer="web-team@example.com"
LABEL Description="Marketing site reverse proxy"
LABEL com.docker.compose.project=marketing
LABEL org.opencontainers.image.source="https://github.com/acme/marketing-proxy" \
      org.opencontainers.image.licenses="Apache-2.0"

COPY conf.d/ /etc/nginx/conf.d/
EXPOSE 80 443
