FROM debian:bullseye

# our build scripts rely on bash features
RUN ln -sf /bin/bash /bin/sh

RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build git ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
RUN source scripts/env.sh && cmake -S . -B build -G Ninja && cmake --build build
CMD ["./build/bin/tilegen"]
