FROM confluentinc/cp-kafka-connect:7.6.2

USER root
RUN microdnf install -y jq && microdnf clean all
USER appuser

RUN confluent-hub install --no-prompt debezium/debezium-connector-postgresql:2.5.4 \
 && confluent-hub install --no-prompt confluentinc/kafka-connect-s3:10.5.13

ENV CONNECT_PLUGIN_PATH=/usr/share/java,/usr/share/confluent-hub-components
