FROM minio/mc:RELEASE.2024-07-11T18-01-28Z AS mc

FROM postgres:16.3-alpine3.20
COPY --from=mc /usr/bin/mc /usr/local/bin/mc
COPY --chmod=0755 backup.sh /usr/local/bin/backup.sh
ENV MINIO_ALIAS=backups \
    S3_BUCKET=pg-dumps
USER postgres
ENTRYPOINT ["/usr/local/bin/backup.sh"]
