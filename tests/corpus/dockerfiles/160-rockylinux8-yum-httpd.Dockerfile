FROM rockylinux:8

RUN yum install httpd mod_ssl
RUN yum install -y php-fpm-7.2.24 && yum clean all
COPY vhosts/ /etc/httpd/conf.d/
COPY site/ /var/www/html/
EXPOSE 80 443
CMD ["/usr/sbin/httpd", "-D", "FOREGROUND"]
