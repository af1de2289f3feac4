# hadolint global ignore=DL3018,DL3059
FROM alpine:3.20

RUN apk add --no-cache nodejs npm
RUN npm install -g @angular/cli@18.0.7
RUN apk add --no-cache chromium

WORKDIR /ng
COPY . .
# hadolint ignore=DL3016
RUN npm install -g typescript
CMD ["ng", "test", "--watch=false", "--browsers=ChromeHeadless"]
