FROM quay.io/centos/centos:stream9
MAINTAINER "Data Platform" <data-platform@example.com>

RUN dnf install python3.11 python3.11-pip
RUN dnf -y module enable nodejs:20 && dnf -y install nodejs

WORKDIR app
COPY . .
RUN python3.11 -m pip install -r requirements.txt

CMD ["python3.11", "-m", "ingest"]
