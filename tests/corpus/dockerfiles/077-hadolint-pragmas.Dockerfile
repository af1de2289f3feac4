FROM debian:bookworm-slim

# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# hadolint ignore=DL3003,SC2164
RUN cd /tmp && curl -fsSLO https://example.com/agent.deb && dpkg -i agent.deb && rm agent.deb

RUN echo "agent installed"

# hadolint ignore=DL3066

USER nobody
CMD ["/opt/agent/bin/agent"]
