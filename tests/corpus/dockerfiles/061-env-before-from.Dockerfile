ENV DEBIAN_FRONTEND=noninteractive
FROM debian:bookworm-20240701-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*

COPY bin/reporter /usr/local/bin/reporter
USER 10001
ENTRYPOINT ["/usr/local/bin/reporter"]
