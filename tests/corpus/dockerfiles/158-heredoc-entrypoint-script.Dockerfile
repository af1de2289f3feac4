# syntax=docker/dockerfile:1.7
FROM alpine:3.20.1

RUN apk add --no-cache postgresql16-client=16.3-r0

COPY --chmod=0755 <<"EOF" /usr/local/bin/wait-for-db
#!/bin/sh
set -eu
until pg_isready -h "${DB_HOST:-db}" -p "${DB_PORT:-5432}"; do
  echo "waiting for database..."
  sleep 2
done
exec "$@"
EOF
ENTRYPOINT ["/usr/local/bin/wait-for-db"]
CMD ["./migrate"]
