FROM fedora:39

RUN dnf upgrade --refresh -y
RUN dnf install golang git make protobuf-compiler
RUN dnf -y install nodejs npm && npm install -g @bufbuild/buf

WORKDIR /work
COPY . .
RUN make generate build
ENTRYPOINT ["./bin/apigen"]
