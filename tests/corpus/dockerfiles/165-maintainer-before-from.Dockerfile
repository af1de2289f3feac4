MAINTAINER John Smith <jsmith@example.com>
FROM ubuntu:18.04

RUN apt-get update && apt-get install -y python python-pip
ADD . /opt/legacy-reports
RUN pip install -r /opt/legacy-reports/requirements.txt
CMD python /opt/legacy-reports/run.py
