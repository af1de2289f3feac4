# syntax=docker/dockerfile:1
FROM eclipse-temurin:21.0.3_9-jdk-jammy AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
 && jar xf target/accounts.jar \
 && jdeps --ignore-missing-deps -q --recursive --multi-release 21 --print-module-deps \
      --class-path 'BOOT-INF/lib/*' target/accounts.jar > deps.txt \
 && jlink --add-modules "$(cat deps.txt),jdk.crypto.ec" --strip-debug --no-man-pages \
      --no-header-files --compress=zip-6 --output /opt/jre

FROM debian:bookworm-20240701-slim
ENV JAVA_HOME=/opt/jre
ENV PATH="${JAVA_HOME}/bin:${PATH}"
RUN groupadd --gid 10001 accounts \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin accounts
COPY --from=build /opt/jre /opt/jre
COPY --from=build --chown=10001:10001 /workspace/target/accounts.jar /opt/accounts/accounts.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-jar", "/opt/accounts/accounts.jar"]
