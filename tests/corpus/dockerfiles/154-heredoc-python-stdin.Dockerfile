# syntax=docker/dockerfile:1.4
FROM python:3.11-slim

RUN pip install --no-cache-dir nltk==3.8.1
RUN python3 <<EOF
import nltk
for pkg in ("punkt", "stopwords", "wordnet"):
    nltk.download(pkg, download_dir="/usr/share/nltk_data")
EOF
WORKDIR /srv/nlp
COPY . .
CMD ["python3", "serve.py"]
