FROM php:8.3-fpm-alpine3.20

RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS \
 && apk add --no-cache libzip-dev icu-dev oniguruma-dev \
 && pecl install redis-6.0.2 \
 && docker-php-ext-enable redis \
 && docker-php-ext-install pdo_mysql intl zip opcache \
 && apk del .build-deps

COPY --from=composer:2.7.7 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist
COPY . .
RUN composer dump-autoload --optimize --classmap-authoritative \
 && php artisan config:cache \
 && php artisan route:cache \
 && chown -R www-data:www-data storage bootstrap/cache

ENV APP_KEY=base64:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
USER www-data
EXPOSE 9000
CMD ["php-fpm"]
