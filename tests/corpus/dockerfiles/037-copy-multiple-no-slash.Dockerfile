FROM httpd:2.4.61-alpine

COPY httpd.conf mime.types magic /usr/local/apache2/conf
COPY public/index.html public/404.html /usr/local/apache2/htdocs/
COPY favicon.ico robots.txt /usr/local/apache2/htdocs

EXPOSE 80
