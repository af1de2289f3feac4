# syntax=docker/dockerfile:1.4
FROM nginx:1.27.0-alpine3.19-slim

COPY <<'EOF' /etc/nginx/conf.d/default.conf
map $http_upgrade $connection_upgrade { default upgrade; '' close; }
server {
    listen 8080;
    location /ws/ {
        proxy_pass http://backend:9000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
EOF
EXPOSE 8080
