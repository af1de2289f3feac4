FROM python:3.12-alpine

RUN apk add --no-cache git
RUN pip install mkdocs-material mkdocs-git-revision-date-localized-plugin

WORKDIR /docs
COPY . .
RUN mkdocs build --strict

EXPOSE 8000
ENTRYPOINT ["mkdocs"]
CMD ["serve", "--dev-addr=0.0.0.0:8000"]
