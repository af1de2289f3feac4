FROM debian:bookworm

RUN apt-get update && apt-get install -y \
      procps iproute2 dnsutils tcpdump netcat-openbsd curl vim strace \
    && rm -rf /var/lib/apt/lists/*

RUN ps aux && top -b -n 1 | head -20
RUN mount | grep overlay || true

CMD ["sleep", "infinity"]
