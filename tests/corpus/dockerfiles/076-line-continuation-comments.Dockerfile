FROM debian:bookworm-slim

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
# runtime libraries
        libssl3 \
        libsqlite3-0 \

# tools used by the entrypoint
        gosu \
        tini \
    ; \
    rm -rf /var/lib/apt/lists/*

COPY --chmod=0755 entrypoint.sh /usr/local/bin/
ENTRYPOINT ["tini", "--", "entrypoint.sh"]
CMD ["server"]
