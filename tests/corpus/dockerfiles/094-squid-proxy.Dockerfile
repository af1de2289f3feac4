FROM ubuntu/squid:latest

COPY squid.conf /etc/squid/squid.conf
COPY allowed-domains.txt /etc/squid/allowed-domains.txt
RUN squid -k parse

EXPOSE 3128
