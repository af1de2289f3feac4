FROM debian:12

RUN apt-get update && apt-get install --no-install-recommends \
      postgresql-client-15 cron \
 && rm -rf /var/lib/apt/lists/*

COPY crontab /etc/cron.d/db-backup
RUN chmod 0644 /etc/cron.d/db-backup && crontab /etc/cron.d/db-backup
COPY backup.sh /usr/local/bin/backup.sh

CMD ["cron", "-f"]
