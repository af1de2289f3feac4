FROM gitlab/gitlab-runner:alpine-v17.2.0

RUN apk add --no-cache sudo docker-cli \
 && echo "gitlab-runner ALL=(ALL) NOPASSWD: /usr/bin/docker" >> /etc/sudoers
USER gitlab-runner
RUN sudo docker version || true
COPY --chown=gitlab-runner:gitlab-runner config.toml /etc/gitlab-runner/
ENV CI_SERVER_TOKEN=glrt-FAKE0000000000000000
