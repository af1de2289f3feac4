FROM python:3.12-slim

WORKDIR code
COPY requirements.txt requirements-prod.txt .
RUN pip install --no-cache-dir -r requirements.txt -r requirements-prod.txt

COPY app app
EXPOSE 80
CMD ["fastapi", "run", "app/main.py", "--port", "80"]
