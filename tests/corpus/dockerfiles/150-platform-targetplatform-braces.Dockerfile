# syntax=docker/dockerfile:1
ARG ALPINE_VERSION=3.20

FROM --platform=${BUILDPLATFORM} tonistiigi/xx:1.4.0 AS xx

FROM --platform=${BUILDPLATFORM} golang:1.22-alpine${ALPINE_VERSION} AS build
COPY --from=xx / /
ARG TARGETPLATFORM
RUN xx-apk add --no-cache musl-dev gcc
WORKDIR /src
COPY . .
RUN xx-go build -o /out/agent ./cmd/agent && xx-verify /out/agent

FROM --platform=${TARGETPLATFORM} alpine:${ALPINE_VERSION}
COPY --from=build /out/agent /usr/local/bin/agent
USER 65534:65534
ENTRYPOINT ["agent"]
