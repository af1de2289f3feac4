FROM centos:7
MAINTAINER platform-team@example.com

RUN yum install epel-release
RUN yum -y install python3 python3-pip supervisor nginx

COPY supervisord.conf /etc/supervisord.conf
COPY app/ /opt/app/
RUN pip3 install -r /opt/app/requirements.txt

EXPOSE 80
CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
