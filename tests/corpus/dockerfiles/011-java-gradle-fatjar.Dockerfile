FROM gradle:jdk17 as builder
COPY . /home/gradle/project
WORKDIR /home/gradle/project
RUN gradle shadowJar --no-daemon

FROM openjdk
ADD build/libs/notifier-all.jar notifier.jar
COPY --from=builder /home/gradle/project/config/application.yml config/
ENV JAVA_OPTS="-Xmx512m"
EXPOSE 8080
CMD java $JAVA_OPTS -jar notifier.jar
