FROM alpine:3.19 AS context
WORKDIR /ctx
COPY . .
RUN find . -name '*.md' -delete

FROM nginx:1.25-alpine
COPY --from=context /ctx/public /usr/share/nginx/html
EXPOSE 8080
