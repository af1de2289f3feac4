FROM debian:12-slim

ENV JAVA_HOME=/opt/java/openjdk PATH=$JAVA_HOME/bin:$PATH
ENV MAVEN_HOME=/opt/maven \
    MAVEN_CONFIG=$MAVEN_HOME/conf

ADD https://github.com/adoptium/temurin17-binaries/releases/download/jdk-17.0.11%2B9/OpenJDK17U-jdk_x64_linux_hotspot_17.0.11_9.tar.gz /tmp/jdk.tar.gz
RUN mkdir -p "$JAVA_HOME" \
 && tar -xzf /tmp/jdk.tar.gz -C "$JAVA_HOME" --strip-components=1 \
 && rm /tmp/jdk.tar.gz

CMD ["java", "-version"]
