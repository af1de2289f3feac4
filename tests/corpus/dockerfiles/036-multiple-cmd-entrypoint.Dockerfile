FROM redis:7.2.5-alpine

COPY redis.conf /usr/local/etc/redis/redis.conf

ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]

# use our config instead of the defaults
ENTRYPOINT ["docker-entrypoint.sh", "redis-server"]
CMD ["redis-server", "/usr/local/etc/redis/redis.conf"]
