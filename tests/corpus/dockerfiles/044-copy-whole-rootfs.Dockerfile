FROM alpine:3.20 AS rootfs
RUN apk add --no-cache busybox-static ca-certificates \
 && mkdir -p /rootfs/bin /rootfs/etc/ssl/certs \
 && cp /bin/busybox.static /rootfs/bin/busybox \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/

FROM alpine:3.20 AS app
COPY probe.sh /usr/local/bin/probe.sh

FROM scratch
COPY --from=rootfs /rootfs /
COPY --from=app / /
ENTRYPOINT ["/bin/busybox", "sh", "/usr/local/bin/probe.sh"]
