FROM debian:bookworm

RUN apt-get update && apt-get install ruby-full build-essential zlib1g-dev
RUN gem install rails:7.1.3.4 && gem install pg

RUN mkdir /opt/helpdesk
COPY . /opt/helpdesk
RUN cd /opt/helpdesk && bundle install

EXPOSE 3000
CMD ["bash", "-c", "cd /opt/helpdesk && bin/rails server -b 0.0.0.0"]
