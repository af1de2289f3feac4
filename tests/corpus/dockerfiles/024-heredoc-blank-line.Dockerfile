# syntax=docker/dockerfile:1.4
FROM python:3.11-slim-bookworm

WORKDIR /opt/etl

RUN <<EOF
set -e
pip install pandas sqlalchemy psycopg2-binary
mkdir -p /opt/etl/data
EOF

COPY etl/ /opt/etl/

CMD ["python", "-m", "etl.run"]
