FROM eclipse-temurin:17-jre-jammy

WORKDIR /opt
COPY dist/keycloak-25.0.1.tar.gz /opt/
RUN tar -xzf keycloak-25.0.1.tar.gz && rm keycloak-25.0.1.tar.gz \
 && mv keycloak-25.0.1 keycloak

ENV KEYCLOAK_ADMIN=admin
ENV KEYCLOAK_ADMIN_PASSWORD=admin
EXPOSE 8080
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start-dev"]
