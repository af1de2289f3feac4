# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
ENV GOPRIVATE=github.com/acme-corp/*
RUN git config --global url."git@github.com:".insteadOf "https://github.com/"
RUN mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=ssh \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build,id=gobuild \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 go build -o /out/ledger ./cmd/ledger

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ledger /ledger
USER 65532
ENTRYPOINT ["/ledger"]
