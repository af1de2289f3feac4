# syntax=docker/dockerfile:1
FROM rust:1.79.0-alpine3.20 AS build
RUN apk add --no-cache musl-dev=1.2.5-r0
WORKDIR /usr/src/search
COPY Cargo.toml Cargo.lock ./
COPY src/ src/
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/src/search/target \
    cargo build --release --locked \
 && cp target/release/search /usr/local/bin/search

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/search /search
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["/search"]
