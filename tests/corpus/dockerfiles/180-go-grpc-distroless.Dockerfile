# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download -x
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /bin/checkout ./cmd/checkout

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /bin/checkout /bin/checkout
USER 65532:65532
EXPOSE 50051
ENTRYPOINT ["/bin/checkout"]
