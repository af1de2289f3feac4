# syntax=docker/dockerfile:1.4
FROM alpine:3.20

COPY <<EOF-CRON /etc/crontabs/root <<EOF-SCRIPT /usr/local/bin/rotate.sh
0 3 * * * /usr/local/bin/rotate.sh
EOF-CRON
#!/bin/sh
find /var/log/app -name '*.log' -mtime +7 -delete
EOF-SCRIPT
RUN chmod +x /usr/local/bin/rotate.sh
CMD ["crond", "-f", "-l", "2"]
