FROM debian:bookworm-slim AS scratch
RUN mkdir -p /out/etc && echo "app:x:10001:10001::/:/sbin/nologin" > /out/etc/passwd

FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=scratch /out/etc/passwd /etc/passwd
COPY --from=build /out/app /app
USER 10001
ENTRYPOINT ["/app"]
