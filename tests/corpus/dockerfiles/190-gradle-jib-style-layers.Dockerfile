# syntax=docker/dockerfile:1
FROM gradle:8.8.0-jdk21-jammy AS build
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle settings.gradle.kts build.gradle.kts gradle.properties ./
COPY --chown=gradle:gradle gradle/ gradle/
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,uid=1000,gid=1000 \
    gradle dependencies --no-daemon -q
COPY --chown=gradle:gradle src/ src/
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,uid=1000,gid=1000 \
    gradle installDist --no-daemon -q

FROM eclipse-temurin:21.0.3_9-jre-jammy
RUN useradd --system --uid 10010 --no-create-home --shell /usr/sbin/nologin shipping
COPY --from=build /home/gradle/project/build/install/shipping/lib/ /opt/shipping/lib/
COPY --from=build /home/gradle/project/build/install/shipping/bin/ /opt/shipping/bin/
USER 10010
EXPOSE 8080
ENTRYPOINT ["/opt/shipping/bin/shipping"]
