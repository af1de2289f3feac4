FROM alpine:3.20

RUN apk update && apk upgrade && apk add curl jq bash coreutils
RUN apk add --virtual .build-deps gcc musl-dev && apk del .build-deps

COPY scripts/healthcheck.sh /usr/local/bin/
COPY scripts/sync.sh /usr/local/bin/
RUN chmod +x /usr/local/bin/*.sh

CMD ["/usr/local/bin/sync.sh"]
