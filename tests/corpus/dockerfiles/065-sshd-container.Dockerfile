FROM ubuntu:20.04

RUN apt-get update && apt-get install -y openssh-server sudo vim net-tools \
    && mkdir /var/run/sshd

RUN echo 'root:root' | chpasswd
RUN sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config
RUN service ssh start

EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
