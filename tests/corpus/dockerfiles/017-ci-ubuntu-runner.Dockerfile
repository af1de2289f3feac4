FROM ubuntu:22.04

ARG RUNNER_VERSION=2.317.0
ENV DEBIAN_FRONTEND=noninteractive

RUN apt update && apt install -y \
    sudo curl wget git jq unzip openssh-client vim \
    build-essential python3 python3-pip

RUN useradd -m -u 1001 -s /bin/bash runner \
    && echo "runner ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/runner

WORKDIR /home/runner/actions-runner
RUN curl -o actions-runner.tar.gz -L https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz \
    && tar xzf actions-runner.tar.gz && rm actions-runner.tar.gz
RUN sudo ./bin/installdependencies.sh
RUN wget https://github.com/mikefarah/yq/releases/download/v4.44.2/yq_linux_amd64 -O /usr/local/bin/yq && chmod +x /usr/local/bin/yq

COPY entrypoint.sh /entrypoint.sh
USER runner
ENTRYPOINT ["/entrypoint.sh"]
