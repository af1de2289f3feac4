FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/migrate ./cmd/migrate

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=0 /out/migrate /migrate
COPY --from=2 /src/migrations /migrations
USER 65532
ENTRYPOINT ["/migrate", "up"]
