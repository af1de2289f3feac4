FROM mongo:7.0.12-jammy

COPY --chown=999:999 --chmod=0400 keyfile /etc/mongo/keyfile
COPY mongod.conf /etc/mongod.conf
COPY init/ /docker-entrypoint-initdb.d/

USER 999
EXPOSE 27017
HEALTHCHECK --interval=10s --timeout=5s --retries=5 \
    CMD ["mongosh", "--quiet", "--eval", "db.adminCommand('ping').ok"]
CMD ["mongod", "--config", "/etc/mongod.conf", "--replSet", "rs0", "--keyFile", "/etc/mongo/keyfile"]
