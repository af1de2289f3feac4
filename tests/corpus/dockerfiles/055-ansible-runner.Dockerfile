FROM python:3.12-slim-bookworm

RUN apt-get update && apt-get install -y --no-install-recommends \
        openssh-client sshpass git rsync \
    && apt-get clean

RUN pip install --no-cache-dir ansible-core==2.17.2 jmespath==1.0.1 netaddr
RUN ansible-galaxy collection install community.general amazon.aws

RUN useradd --create-home --uid 1000 ansible
USER ansible
WORKDIR /home/ansible/playbooks
ENTRYPOINT ["ansible-playbook"]
