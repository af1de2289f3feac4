FROM debian:bookworm-slim

COPY vendor/jdk-21.0.3_linux-x64_bin.tar.gz /tmp/jdk.tar.gz
COPY vendor/apache-maven-3.9.8-bin.tar.gz /tmp/maven.tar.gz
RUN mkdir -p /opt/jdk /opt/maven \
 && tar -xzf /tmp/jdk.tar.gz -C /opt/jdk --strip-components=1 \
 && tar -xzf /tmp/maven.tar.gz -C /opt/maven --strip-components=1 \
 && rm /tmp/*.tar.gz

ENV JAVA_HOME=/opt/jdk
ENV PATH="/opt/jdk/bin:/opt/maven/bin:${PATH}"
WORKDIR /workspace
CMD ["mvn", "-v"]
