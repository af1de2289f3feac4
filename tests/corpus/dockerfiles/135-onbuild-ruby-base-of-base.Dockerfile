FROM ruby:3.2.4-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ONBUILD COPY Gemfile Gemfile.lock ./
ONBUILD RUN gem install bundler && bundle install --jobs 4
ONBUILD ONBUILD COPY . .

CMD ["bundle", "exec", "rackup", "--host", "0.0.0.0"]
