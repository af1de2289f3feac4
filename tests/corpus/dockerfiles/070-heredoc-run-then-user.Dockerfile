# syntax=docker/dockerfile:1
FROM rockylinux:9.3

RUN <<EOF
dnf install -y nginx
dnf clean all
useradd --system --uid 1001 web
chown -R web /var/log/nginx /var/lib/nginx
EOF
USER 1001
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
