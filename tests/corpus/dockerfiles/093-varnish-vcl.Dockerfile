FROM varnish:7.5.0

COPY default.vcl /etc/varnish/default.vcl
ENV VARNISH_SIZE=512M
EXPOSE 80 6081
USER varnish
CMD ["varnishd", "-F", "-f", "/etc/varnish/default.vcl", "-a", "http=:80,HTTP", "-s", "malloc,512M"]
