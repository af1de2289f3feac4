FROM debian:bookworm-slim

COPY downloads/prometheus-2.53.1.linux-amd64.tar.gz /tmp/
RUN tar -xzf /tmp/prometheus-2.53.1.linux-amd64.tar.gz -C /opt \
 && mv /opt/prometheus-2.53.1.linux-amd64 /opt/prometheus \
 && rm /tmp/prometheus-2.53.1.linux-amd64.tar.gz

COPY prometheus.yml /etc/prometheus/prometheus.yml
USER 65534
EXPOSE 9090
ENTRYPOINT ["/opt/prometheus/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
