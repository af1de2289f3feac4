# syntax=docker/dockerfile:1
FROM composer:2.7.7 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --no-interaction --prefer-dist --ignore-platform-reqs

FROM php:8.3.9-fpm-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu72=72.1-3 libzip4=1.7.3-1+b1 \
 && rm -rf /var/lib/apt/lists/* \
 && mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"
COPY --from=mlocati/php-extension-installer:2.2.18 /usr/bin/install-php-extensions /usr/local/bin/
RUN install-php-extensions intl-stable opcache pdo_mysql zip
WORKDIR /var/www/app
COPY --from=vendor --chown=www-data:www-data /app/vendor ./vendor
COPY --chown=www-data:www-data . .
USER 33:33
EXPOSE 9000
HEALTHCHECK --interval=30s CMD ["php-fpm", "-t"]
CMD ["php-fpm", "--nodaemonize"]
