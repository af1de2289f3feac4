FROM perl:5.40

RUN apt-get update && apt-get install -y libpq-dev && rm -rf /var/lib/apt/lists/*
RUN cpanm --notest Mojolicious Mojo::Pg DBD::Pg

WORKDIR /opt/shorty
COPY . .

ENV MOJO_MODE=production
ENV SHORTY_DB_PASSWORD=hunter2
EXPOSE 3000
CMD ["hypnotoad", "-f", "script/shorty"]
