# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/exporter ./cmd/exporter

FROM --platform=$TARGETPLATFORM alpine:3.20
COPY --from=build /out/exporter /usr/bin/exporter
USER 65534
EXPOSE 9100
ENTRYPOINT ["/usr/bin/exporter"]
