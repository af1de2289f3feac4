FROM jenkins/inbound-agent:latest-jdk17

USER root
RUN apt-get update && apt-get install -y docker.io python3-pip awscli && \
    usermod -aG docker jenkins
RUN pip3 install ansible boto3
RUN curl -LO "https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl" \
    && install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl
RUN curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash
