FROM debian:bookworm-slim

ENV GO_VERSION=1.22.5 \
    GOPATH=/go \
    PATH=$GOPATH/bin:/usr/local/go/bin:$PATH

RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git \
    && rm -rf /var/lib/apt/lists/* \
    && curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz

RUN go install github.com/air-verse/air
WORKDIR /go/src/app
CMD ["air", "-c", ".air.toml"]
