FROM registry.access.redhat.com/ubi8/ubi

RUN yum update -y && yum install -y httpd mod_ssl php php-mysqlnd

COPY html/ /var/www/html/
RUN sed -i 's/Listen 80/Listen 8080/' /etc/httpd/conf/httpd.conf \
 && chmod -R 777 /var/www/html /run/httpd /var/log/httpd

EXPOSE 8080
CMD /usr/sbin/httpd -DFOREGROUND
