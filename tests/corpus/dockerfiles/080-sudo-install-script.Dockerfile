FROM ubuntu:24.04

RUN apt-get update && apt-get install -y --no-install-recommends sudo curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*

RUN useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers
USER dev
WORKDIR /home/dev

RUN curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - \
    && sudo apt-get install -y nodejs
RUN sudo npm install -g yarn

CMD ["bash"]
