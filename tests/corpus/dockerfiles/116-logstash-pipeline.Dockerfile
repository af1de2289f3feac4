FROM docker.elastic.co/logstash/logstash:8.14.3

RUN rm -f /usr/share/logstash/pipeline/logstash.conf
COPY pipeline/ /usr/share/logstash/pipeline/
COPY config/logstash.yml config/
RUN bin/logstash-plugin install logstash-filter-translate logstash-output-opensearch

ENV ES_PASSWORD=elastic-FAKE-pw
ENV LS_JAVA_OPTS="-Xms1g -Xmx1g"
