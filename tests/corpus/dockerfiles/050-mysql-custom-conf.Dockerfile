FROM mysql:8.0

ENV MYSQL_ROOT_PASSWORD=root
ENV MYSQL_DATABASE=shop \
    MYSQL_USER=shop \
    MYSQL_PASSWORD=shop123

ADD my.cnf /etc/mysql/conf.d/
ADD schema.sql /docker-entrypoint-initdb.d/01-schema.sql
ADD seed.sql /docker-entrypoint-initdb.d/02-seed.sql

EXPOSE 3306 33060
