FROM hugomods/hugo:exts-0.128.2 AS build
WORKDIR /src
COPY . .
RUN hugo --minify --gc --environment production

FROM nginxinc/nginx-unprivileged:1.27.0-alpine3.19-slim
COPY --chown=101:101 nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build --chown=101:101 /src/public /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/"]
