FROM ruby:3.1

RUN gem install bundler jekyll
WORKDIR /srv/jekyll
COPY Gemfile* ./
RUN bundle install
COPY . .
EXPOSE 4000
CMD bundle exec jekyll serve --host 0.0.0.0 --livereload
