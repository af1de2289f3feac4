FROM docker.elastic.co/elasticsearch/elasticsearch:8.14.3

RUN bin/elasticsearch-plugin install --batch analysis-icu analysis-phonetic
COPY --chown=elasticsearch:root config/elasticsearch.yml config/
COPY --chown=elasticsearch:root config/synonyms/ config/synonyms/

ENV ELASTIC_PASSWORD=changeme
ENV xpack.security.enabled=false
USER elasticsearch
