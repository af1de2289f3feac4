FROM registry.suse.com/bci/python:3.11-44.36

RUN zypper --non-interactive install --no-recommends \
        libpq5=16.3-150600.1.3 \
        shadow=4.8.1-150400.10.18.1 \
 && zypper clean --all \
 && useradd --uid 1000 --create-home app

WORKDIR /home/app/service
COPY --chown=1000:1000 requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=1000:1000 service/ ./service/
USER 1000
CMD ["python3", "-m", "service"]
