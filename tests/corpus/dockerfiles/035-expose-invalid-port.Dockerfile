FROM grafana/grafana-oss:11.1.0

USER root
RUN grafana cli plugins install grafana-piechart-panel
COPY provisioning/ /etc/grafana/provisioning/
COPY dashboards/ /var/lib/grafana/dashboards/
USER grafana

EXPOSE 3000 30000/tcp 300000
