FROM python:3.9-slim

RUN apt-get update && apt-get install -y --no-install-recommends supervisor nginx && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir gunicorn==22.0.0

COPY nginx.conf /etc/nginx/nginx.conf
COPY supervisord.conf /etc/supervisor/conf.d/app.conf
COPY . /app

ENTRYPOINT ["gunicorn"]
CMD ["--bind", "127.0.0.1:8000", "app:app"]

ENTRYPOINT ["/usr/bin/supervisord"]
CMD ["-c", "/etc/supervisor/conf.d/app.conf"]
EXPOSE 80
