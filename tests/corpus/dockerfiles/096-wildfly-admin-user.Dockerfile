FROM quay.io/wildfly/wildfly:32.0.1.Final-jdk21

RUN /opt/jboss/wildfly/bin/add-user.sh admin Adm1n#2024 --silent
ADD target/payroll.war /opt/jboss/wildfly/standalone/deployments/
ADD standalone-custom.xml /opt/jboss/wildfly/standalone/configuration/

EXPOSE 8080 9990
CMD ["/opt/jboss/wildfly/bin/standalone.sh", "-b", "0.0.0.0", "-bmanagement", "0.0.0.0"]
