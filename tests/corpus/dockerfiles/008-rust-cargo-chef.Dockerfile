# syntax=docker/dockerfile:1
FROM rust:1.79.0-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.67
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --release --bin ingestd \
 && cp target/release/ingestd /usr/local/bin/ingestd

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=builder /usr/local/bin/ingestd /usr/local/bin/ingestd
USER nonroot:nonroot
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/ingestd"]
