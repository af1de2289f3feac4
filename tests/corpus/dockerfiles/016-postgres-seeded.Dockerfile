FROM postgres:16

ENV POSTGRES_USER=inventory
ENV POSTGRES_PASSWORD=SuperSecret123!
ENV POSTGRES_DB=inventory

COPY ./initdb/*.sql /docker-entrypoint-initdb.d/
COPY ./postgresql.conf /etc/postgresql/postgresql.conf

EXPOSE 5432
CMD ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]
