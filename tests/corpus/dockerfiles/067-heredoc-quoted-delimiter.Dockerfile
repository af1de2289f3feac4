# syntax=docker/dockerfile:1.5
FROM nginx:1.27-alpine

RUN <<'EOT'
cat > /etc/nginx/conf.d/default.conf <<'CONF'
server {
    listen 8080;
    location / { root /usr/share/nginx/html; try_files $uri /index.html; }
    location = /healthz { return 200 "ok"; }
}
CONF
EOT
COPY dist/ /usr/share/nginx/html/
EXPOSE 8080
