FROM python:3.12

MAINTAINER Dana Ops <ops@example.com>

RUN apt-get update
RUN apt-get install -y libpq-dev gcc

WORKDIR /srv/app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN pip install gunicorn flask-cors

COPY . .

ENV FLASK_APP=app.py
ENV SECRET_KEY=dev-not-a-real-secret-change-me

EXPOSE 5000
CMD gunicorn -b 0.0.0.0:5000 app:app
