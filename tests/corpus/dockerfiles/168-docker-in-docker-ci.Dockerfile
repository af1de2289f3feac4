FROM docker:27.0.3-dind

RUN apk add --update python3 py3-pip git make bash
RUN pip3 install --break-system-packages docker-compose awscli

COPY ci/ /ci/
ENV DOCKER_TLS_CERTDIR=/certs
ENV REGISTRY_PASSWORD=glpat-FAKEFAKEFAKEFAKEFAKE
ENTRYPOINT ["dockerd-entrypoint.sh"]
