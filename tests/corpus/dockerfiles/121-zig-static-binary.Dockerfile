FROM alpine:3.20 AS build
ARG ZIG_VERSION=0.13.0
RUN apk add --no-cache curl=8.8.0-r0 xz=5.6.2-r0 \
 && curl -fsSL "https://ziglang.org/download/${ZIG_VERSION}/zig-linux-x86_64-${ZIG_VERSION}.tar.xz" -o /tmp/zig.tar.xz \
 && mkdir -p /opt/zig && tar -xJf /tmp/zig.tar.xz -C /opt/zig --strip-components=1 \
 && rm /tmp/zig.tar.xz
WORKDIR /src
COPY build.zig build.zig.zon ./
COPY src/ src/
RUN /opt/zig/zig build -Doptimize=ReleaseSafe -Dtarget=x86_64-linux-musl

FROM scratch
COPY --from=build /src/zig-out/bin/kvstore /kvstore
USER 10001:10001
EXPOSE 7379
ENTRYPOINT ["/kvstore"]
