FROM golang:1.22 AS builder
WORKDIR /go/src/exporter
COPY . .
RUN go get -d -v ./... && go install -v ./...
RUN go install github.com/prometheus/promu@v0.17.0

FROM quay.io/prometheus/busybox:latest
COPY --from=builder /go/bin/pgbouncer_exporter /bin/pgbouncer_exporter
EXPOSE 9127
USER nobody
ENTRYPOINT ["/bin/pgbouncer_exporter"]
