FROM tomcat:9.0.91-jre11-temurin-jammy

ARG BUILD_DATE
ARG VCS_REF
LABEL org.label-schema.schema-version="1.0" \
      org.label-schema.build-date=$BUILD_DATE \
      org.label-schema.vcs-ref=$VCS_REF \
      org.label-schema.name="claims-portal"
LABEL "Build Number"="${VCS_REF}" Team=claims

COPY target/claims-portal.war /usr/local/tomcat/webapps/ROOT.war
EXPOSE 8080
