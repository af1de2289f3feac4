FROM golang:alpine

RUN apk update && apk add git make bash

RUN go install golang.org/x/tools/cmd/goimports
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest

RUN mkdir -p /go/src/github.com/acme/billing
COPY . /go/src/github.com/acme/billing
RUN cd /go/src/github.com/acme/billing && make build

ENTRYPOINT /go/src/github.com/acme/billing/bin/billing
