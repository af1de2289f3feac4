FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B package -pl gateway -am -DskipTests

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B package -pl worker -am -DskipTests

FROM eclipse-temurin:17-jre
COPY --from=build /src/gateway/target/gateway.jar /opt/gateway.jar
COPY --from=build /src/worker/target/worker.jar /opt/worker.jar
CMD ["java", "-jar", "/opt/gateway.jar"]
