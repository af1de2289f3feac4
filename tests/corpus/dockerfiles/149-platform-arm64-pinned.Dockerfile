FROM --platform=linux/arm64 arm64v8/debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends qemu-user-static=1:7.2+dfsg-7+deb12u6 \
 && rm -rf /var/lib/apt/lists/*

COPY firmware/ /opt/firmware/
WORKDIR /opt/firmware
ENTRYPOINT ["./flash.sh"]
