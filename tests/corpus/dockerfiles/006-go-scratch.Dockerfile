# syntax=docker/dockerfile:1
FROM golang:1.22.5-alpine3.20 AS build
WORKDIR /src
RUN apk add --no-cache ca-certificates=20240705-r0 tzdata=2024a-r1
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/shortener ./cmd/shortener

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=build /out/shortener /shortener
USER 65534:65534
EXPOSE 8080
ENTRYPOINT ["/shortener"]
