FROM alpine:3.19

RUN apk add --no-cache bash curl jq \
 && ln -sf /bin/bash /bin/sh

COPY scripts/ /opt/scripts/
RUN chmod +x /opt/scripts/*.sh
ENTRYPOINT ["/opt/scripts/entrypoint.sh"]
