FROM clojure:temurin-21-lein-2.11.2-bookworm AS build
WORKDIR /usr/src/app
COPY project.clj /usr/src/app/
RUN lein deps
COPY . /usr/src/app
RUN lein uberjar && mv target/uberjar/*-standalone.jar app-standalone.jar

FROM eclipse-temurin:21-jre-jammy
RUN useradd --system --uid 800 --no-create-home clj
COPY --from=build /usr/src/app/app-standalone.jar /srv/app.jar
USER 800
CMD ["java", "-jar", "/srv/app.jar"]
