FROM rocker/shiny:4.4.1

RUN apt-get update && apt-get install -y --no-install-recommends \
        libcurl4-openssl-dev libssl-dev libxml2-dev \
    && rm -rf /var/lib/apt/lists/*
RUN R -e "install.packages(c('shinydashboard', 'DT', 'plotly'), repos='https://packagemanager.posit.co/cran/__linux__/jammy/2024-07-15')"

COPY app/ /srv/shiny-server/dashboard/
RUN chown -R shiny:shiny /srv/shiny-server
USER shiny
EXPOSE 3838
CMD ["/usr/bin/shiny-server"]
