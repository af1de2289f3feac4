FROM wordpress:6.5-php8.2-apache

RUN apt-get update && apt-get install -y less mariadb-client sudo \
    && rm -rf /var/lib/apt/lists/*

RUN curl -O https://raw.githubusercontent.com/wp-cli/builds/gh-pages/phar/wp-cli.phar \
    && chmod +x wp-cli.phar && mv wp-cli.phar /usr/local/bin/wp

COPY wp-content/themes/acme /var/www/html/wp-content/themes/acme
COPY wp-content/plugins/ /var/www/html/wp-content/plugins/
RUN chmod -R 777 /var/www/html/wp-content

ENV WORDPRESS_DB_PASSWORD=wp_pass_2024
ENV WORDPRESS_AUTH_KEY="put your unique phrase here"
