# syntax=docker/dockerfile:1
FROM golang:1.22.5-alpine3.20 AS build
WORKDIR /src
RUN --mount=target=. \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 go build -o /out/webhook-relay ./cmd/relay

FROM alpine:3.20.1
RUN apk add --no-cache ca-certificates=20240705-r0 \
 && adduser -D -H -u 10003 relay
COPY --from=build /out/webhook-relay /usr/local/bin/webhook-relay
USER 10003
ENTRYPOINT ["webhook-relay"]
