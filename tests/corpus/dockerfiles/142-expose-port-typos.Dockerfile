FROM rabbitmq:3.13.4-management-alpine

RUN rabbitmq-plugins enable --offline rabbitmq_prometheus rabbitmq_shovel rabbitmq_shovel_management
COPY rabbitmq.conf /etc/rabbitmq/rabbitmq.conf
COPY definitions.json /etc/rabbitmq/definitions.json
ENV RABBITMQ_DEFAULT_USER=admin \
    RABBITMQ_DEFAULT_PASS=admin

EXPOSE 5672 156720 15692
