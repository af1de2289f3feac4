FROM postgres:16.3-bookworm

# credentials come from Docker/Compose secrets mounted at run time, not from the image
ENV POSTGRES_USER_FILE=/run/secrets/postgres_user \
    POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password \
    POSTGRES_DB=ledger \
    PGDATA=/var/lib/postgresql/data/pgdata

COPY --chown=999:999 --chmod=0444 initdb/ /docker-entrypoint-initdb.d/
COPY --chmod=0444 postgresql.conf /etc/postgresql/postgresql.conf
USER 999:999
EXPOSE 5432
HEALTHCHECK --interval=10s --timeout=5s --retries=5 CMD ["pg_isready", "-U", "postgres", "-d", "ledger"]
CMD ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]
