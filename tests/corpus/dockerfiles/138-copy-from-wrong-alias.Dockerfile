FROM rust:1.79-bookworm AS build
WORKDIR /usr/src/thumbs
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libvips42 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/src/thumbs/target/release/thumbs /usr/local/bin/thumbs
USER 1000
CMD ["thumbs"]
