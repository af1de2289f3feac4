FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4-1134

RUN microdnf install -y --nodocs --setopt=install_weak_deps=0 \
        java-21-openjdk-headless-1:21.0.3.0.9-1.el9 shadow-utils \
 && microdnf clean all \
 && useradd --uid 185 --gid 0 --no-create-home jboss

WORKDIR /deployments
COPY --chown=185:0 target/quarkus-app/lib/ ./lib/
COPY --chown=185:0 target/quarkus-app/*.jar ./
COPY --chown=185:0 target/quarkus-app/app/ ./app/
COPY --chown=185:0 target/quarkus-app/quarkus/ ./quarkus/

USER 185
EXPOSE 8080
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0"
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
