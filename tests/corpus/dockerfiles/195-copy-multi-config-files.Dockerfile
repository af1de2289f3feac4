FROM eclipse-mosquitto:2.0.18

COPY mosquitto.conf acl passwd /mosquitto/config
COPY certs/ca.crt certs/server.crt certs/server.key /mosquitto/certs/
EXPOSE 1883 8883 9001
CMD ["/usr/sbin/mosquitto", "-c", "/mosquitto/config/mosquitto.conf"]
