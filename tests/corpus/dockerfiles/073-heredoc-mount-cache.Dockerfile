# syntax=docker/dockerfile:1.6
FROM debian:bookworm-slim

RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    <<EOF
rm -f /etc/apt/apt.conf.d/docker-clean
apt-get update
apt-get install -y --no-install-recommends ffmpeg imagemagick
EOF
WORKDIR /media
COPY --chmod=755 transcode.sh /usr/local/bin/transcode
USER 1000:1000
ENTRYPOINT ["transcode"]
