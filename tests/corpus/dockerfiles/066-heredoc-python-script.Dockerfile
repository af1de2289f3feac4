# syntax=docker/dockerfile:1
FROM python:3.12-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY <<EOF /app/gunicorn.conf.py
bind = "0.0.0.0:8000"
workers = 4
accesslog = "-"
EOF
COPY app/ ./app/

USER 1000
CMD ["gunicorn", "-c", "/app/gunicorn.conf.py", "app.wsgi:application"]
