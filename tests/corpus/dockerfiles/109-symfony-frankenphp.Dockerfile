# syntax=docker/dockerfile:1
FROM dunglas/frankenphp:1.2.2-php8.3-bookworm AS base
WORKDIR /app
RUN install-php-extensions @composer apcu intl opcache zip pdo_pgsql
ENV COMPOSER_ALLOW_SUPERUSER=1 \
    APP_ENV=prod

FROM base AS prod
COPY --link composer.* symfony.* ./
RUN composer install --no-cache --prefer-dist --no-dev --no-autoloader --no-scripts --no-progress
COPY --link . ./
RUN rm -Rf frankenphp/ \
 && composer dump-autoload --classmap-authoritative --no-dev \
 && composer dump-env prod \
 && composer run-script --no-dev post-install-cmd \
 && chmod +x bin/console \
 && sync
RUN useradd --uid 1000 --no-create-home appuser \
 && setcap -r /usr/local/bin/frankenphp \
 && chown -R 1000:1000 /data/caddy /config/caddy var
USER 1000
HEALTHCHECK --start-period=60s CMD ["curl", "-f", "http://localhost:2019/metrics"]
