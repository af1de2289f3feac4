FROM node:16-alpine
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM golang:1.21-alpine
WORKDIR /api
COPY api/ .
RUN go build -o /bin/api .

FROM alpine:3.18
RUN apk add --no-cache ca-certificates
COPY --from=0 /web/build /srv/www
COPY --from=1 /bin/api /usr/local/bin/api
EXPOSE 8080
CMD ["api", "--static", "/srv/www"]
