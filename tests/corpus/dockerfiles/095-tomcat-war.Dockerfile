FROM tomcat:10.1-jdk17-temurin

RUN rm -rf webapps/*
COPY target/ledger.war webapps/ROOT.war
COPY conf/tomcat-users.xml conf/tomcat-users.xml
COPY conf/context.xml webapps/manager/META-INF/context.xml

ENV CATALINA_OPTS="-Xms256m -Xmx1g -Djava.security.egd=file:/dev/./urandom"
EXPOSE 8080
CMD ["catalina.sh", "run"]
