FROM sphinxdoc/sphinx:7.1.2

WORKDIR /docs
COPY docs/requirements.txt ./requirements.txt
RUN pip install --no-cache-dir -r requirements.txt
COPY docs/ ./
RUN make html

FROM nginx:1.27.0-alpine
COPY --from=0 /docs/_build/html /usr/share/nginx/html
EXPOSE 80
