FROM alpine:3.20.1

RUN apk add --no-cache \
      ca-certificates=20240705-r0 \
      rsync=3.3.0-r0 \
      openssh-client-default=9.7_p1-r4 \
 && addgroup -S -g 10001 backup \
 && adduser -S -D -H -u 10001 -G backup backup

COPY --chown=10001:10001 --chmod=0555 backup.sh /usr/local/bin/backup.sh
USER 10001:10001
WORKDIR /var/backup
ENTRYPOINT ["/usr/local/bin/backup.sh"]
