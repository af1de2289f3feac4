FROM ghcr.io/graalvm/native-image-community:21.0.2-ol9 AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -Pnative native:compile -DskipTests

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /src/target/geo-lookup /app/geo-lookup
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app/geo-lookup"]
