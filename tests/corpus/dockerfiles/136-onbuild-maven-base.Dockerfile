FROM maven:3.9.8-eclipse-temurin-17

RUN mkdir -p /usr/src/app
WORKDIR /usr/src/app

ONBUILD ADD . /usr/src/app
ONBUILD RUN apt-get update && apt-get install -y fontconfig
ONBUILD RUN mvn -B install -DskipTests
ONBUILD FROM eclipse-temurin:17-jre

CMD ["mvn", "exec:java"]
