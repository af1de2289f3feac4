FROM oraclelinux:7-slim

RUN yum install oracle-release-el7 \
 && yum -y install oracle-instantclient19.23-basic oracle-instantclient19.23-sqlplus \
 && rm -rf /var/cache/yum

ENV LD_LIBRARY_PATH=/usr/lib/oracle/19.23/client64/lib
ENV ORACLE_PASSWORD=tiger
COPY reports/ /opt/reports/
CMD ["sqlplus", "-v"]
