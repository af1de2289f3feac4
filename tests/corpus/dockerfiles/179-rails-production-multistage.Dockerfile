# syntax=docker/dockerfile:1
ARG RUBY_VERSION=3.3.4
FROM ruby:${RUBY_VERSION}-slim-bookworm AS base
WORKDIR /rails
ENV RAILS_ENV=production \
    BUNDLE_DEPLOYMENT=1 \
    BUNDLE_PATH=/usr/local/bundle \
    BUNDLE_WITHOUT=development:test

FROM base AS build
RUN apt-get update -qq \
 && apt-get install --no-install-recommends -y build-essential=12.9 git=1:2.39.2-1.1 libpq-dev=15.7-0+deb12u1 pkg-config=1.8.1-1 \
 && rm -rf /var/lib/apt/lists/*
COPY Gemfile Gemfile.lock ./
RUN bundle install \
 && rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache "${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git \
 && bundle exec bootsnap precompile --gemfile
COPY . .
RUN bundle exec bootsnap precompile app/ lib/ \
 && SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

FROM base
RUN apt-get update -qq \
 && apt-get install --no-install-recommends -y curl=7.88.1-10+deb12u6 libjemalloc2=5.3.0-1 postgresql-client=15+248 \
 && rm -rf /var/lib/apt/lists /var/cache/apt/archives
COPY --from=build "${BUNDLE_PATH}" "${BUNDLE_PATH}"
COPY --from=build /rails /rails
RUN groupadd --system --gid 1000 rails \
 && useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash \
 && chown -R 1000:1000 db log storage tmp
USER 1000:1000
ENTRYPOINT ["/rails/bin/docker-entrypoint"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "http://localhost:3000/up"]
CMD ["./bin/rails", "server"]
