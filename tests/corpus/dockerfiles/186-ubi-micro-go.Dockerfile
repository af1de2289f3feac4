FROM registry.access.redhat.com/ubi9/go-toolset:1.21.11-1 AS build
COPY --chown=1001:0 . /opt/app-root/src/
RUN go build -mod=vendor -o /opt/app-root/src/bin/quota ./cmd/quota

FROM registry.access.redhat.com/ubi9/ubi-micro:9.4-13
COPY --from=build /opt/app-root/src/bin/quota /usr/local/bin/quota
LABEL name="acme/quota" \
      vendor="ACME Corp" \
      version="1.8.2" \
      summary="Tenant quota service" \
      io.k8s.display-name="quota"
USER 1001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/quota"]
