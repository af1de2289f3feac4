FROM fedora:40

RUN dnf install -y \
      git \
      gcc \
      make \
      python3-devel \
      ripgrep \
      fd-find

RUN dnf install httpie

WORKDIR /workspace
CMD ["/bin/bash"]
