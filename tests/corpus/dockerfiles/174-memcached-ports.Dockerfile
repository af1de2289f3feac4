FROM memcached:1.6.29-alpine

USER root
RUN apk add --no-cache libmemcached
USER memcache
EXPOSE 11211 11211/udp 112110
CMD ["memcached", "-m", "512", "-c", "2048"]
