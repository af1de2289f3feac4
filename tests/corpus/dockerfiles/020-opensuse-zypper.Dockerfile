FROM opensuse/leap:15.6

RUN zypper refresh && zypper dist-upgrade -y
RUN zypper install java-17-openjdk-headless tar gzip

ADD https://archive.apache.org/dist/tomcat/tomcat-10/v10.1.25/bin/apache-tomcat-10.1.25.tar.gz /opt/
RUN cd /opt && tar xzf apache-tomcat-10.1.25.tar.gz && ln -s apache-tomcat-10.1.25 tomcat

EXPOSE 8080
CMD ["/opt/tomcat/bin/catalina.sh", "run"]
