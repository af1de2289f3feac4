FROM python:3.12.4-slim-bookworm

RUN pip install --no-cache-dir celery[redis]==5.4.0
WORKDIR /opt/tasks
COPY tasks/ ./tasks/
COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]

RUN useradd --uid 1001 --no-create-home celery
USER 1001
ENTRYPOINT ["celery", "-A", "tasks"]
CMD ["worker", "--loglevel=INFO"]
