# acme/go-onbuild: service repos use `FROM acme/go-onbuild:1.22` and nothing else
FROM golang:1.22-alpine3.20

RUN apk add --no-cache git=2.45.2-r0 make=4.4.1-r2
WORKDIR /go/src/app

ONBUILD COPY go.mod go.sum ./
ONBUILD RUN go mod download
ONBUILD RUN apk add --no-cache protobuf-dev \
         && go install google.golang.org/protobuf/cmd/protoc-gen-go
ONBUILD COPY . .
ONBUILD RUN go build -o /usr/local/bin/app ./cmd/...

CMD ["app"]
