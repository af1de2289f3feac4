FROM debian:bookworm-20240701-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends cron=3.0pl1-162 curl=7.88.1-10+deb12u6 ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*

COPY --chmod=0644 crontab /etc/cron.d/reports
COPY --chmod=0755 jobs/ /usr/local/bin/jobs/
RUN crontab /etc/cron.d/reports
HEALTHCHECK --interval=5m CMD ["pgrep", "cron"]
CMD ["cron", "-f", "-L", "2"]
