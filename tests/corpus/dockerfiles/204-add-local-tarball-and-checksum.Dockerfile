# syntax=docker/dockerfile:1.6
FROM scratch AS rootfs
ADD alpine-minirootfs-3.20.1-x86_64.tar.gz /

FROM rootfs
ADD --checksum=sha256:fa5e1e30c2b0d3d2ab2c4b5a19b2b4f4e1b4d7d9b0c3b8e4f7a6c5d4e3f2a1b0 \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini
ADD https://github.com/acme/healthz.git#v1.2.0 /opt/healthz
ADD config.json /etc/agent/config.json
RUN chmod 0755 /sbin/tini
USER 65534
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["/opt/healthz/bin/healthz"]
