FROM ubuntu:24.04

ENV DEBIAN_FRONTEND noninteractive
RUN apt update && apt upgrade -y && apt install -y \
    zsh git curl vim tmux htop openssh-server locales

RUN useradd -m -u 123456 -s /bin/zsh developer \
    && echo "developer:developer" | chpasswd

RUN service ssh start
RUN locale-gen en_US.UTF-8

USER developer
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)" "" --unattended
USER root
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
