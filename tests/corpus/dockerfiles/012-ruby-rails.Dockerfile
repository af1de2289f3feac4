FROM ruby:3.3-slim

RUN apt-get update -qq && apt-get install -y build-essential libpq-dev nodejs git

RUN gem install bundler
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle config set --local without 'development test' && bundle install --jobs 4

COPY . .

ENV RAILS_ENV=production \
    RAILS_LOG_TO_STDOUT=1 \
    SECRET_KEY_BASE=0f1e2d3c4b5a69788796a5b4c3d2e1f0fakefakefakefake

RUN bundle exec rails assets:precompile

EXPOSE 3000
CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]
