FROM python:3.9
MAINTAINER Build Infra <build-infra@example.com>

RUN pip install --upgrade pip virtualenv

ONBUILD MAINTAINER Build Infra <build-infra@example.com>
ONBUILD COPY requirements.txt /usr/src/app/
ONBUILD RUN pip install -r /usr/src/app/requirements.txt
ONBUILD COPY . /usr/src/app

WORKDIR /usr/src/app
CMD python app.py
