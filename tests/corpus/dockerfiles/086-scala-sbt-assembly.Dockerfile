FROM sbtscala/scala-sbt:eclipse-temurin-jammy-21.0.2_13_1.10.1_3.4.2 AS build
WORKDIR /build
COPY build.sbt ./
COPY project/ project/
RUN sbt update
COPY src/ src/
RUN sbt assembly

FROM eclipse-temurin:21.0.3_9-jre-alpine
RUN addgroup -S -g 2000 app && adduser -S -u 2000 -G app app
COPY --from=0 /build/target/scala-3.4.2/pricing-assembly.jar /opt/pricing/pricing.jar
USER 2000
EXPOSE 9000
ENTRYPOINT ["java", "-jar", "/opt/pricing/pricing.jar"]
