FROM drupal:10.3-php8.3-fpm-bookworm AS base

FROM composer:2.7.7 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-interaction --no-scripts --prefer-dist --ignore-platform-reqs

FROM base
COPY --from=vendor /app/vendor /opt/drupal/vendor
COPY --from=vendor /app/web/modules/contrib /opt/drupal/web/modules/contrib
COPY config/ /opt/drupal/config/
COPY web/modules/custom/ /opt/drupal/web/modules/custom/
COPY --chown=www-data:www-data settings.php /opt/drupal/web/sites/default/settings.php
USER www-data
