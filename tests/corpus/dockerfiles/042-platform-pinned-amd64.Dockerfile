FROM --platform=linux/amd64 oraclelinux:8-slim

RUN microdnf install -y oracle-instantclient-release-el8 \
 && microdnf install -y oracle-instantclient-basic oracle-instantclient-sqlplus \
 && microdnf clean all

COPY scripts/ /opt/dbjobs/
WORKDIR /opt/dbjobs
CMD ["sqlplus", "-S", "/nolog", "@nightly.sql"]
