FROM alpine:3.20.1

LABEL Version="2.3.0" \
      Release-Channel=stable
LABEL com.docker.extension.api-version=">= 0.2.3"
LABEL org.opencontainers.image.title="log-shipper"
RUN apk add --no-cache vector=0.39.0-r0
USER 1000
CMD ["vector", "--config", "/etc/vector/vector.toml"]
