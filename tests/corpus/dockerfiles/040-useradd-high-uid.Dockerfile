FROM ubuntu:24.04

RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*

# match the UID that our NFS share uses
RUN groupadd -g 1500001 svc && useradd -u 1500001 -g svc -m svc

USER 1500001
WORKDIR /home/svc
CMD ["python3", "-m", "http.server", "8080"]
