FROM python:3.10-slim AS wheels
WORKDIR /wheels
COPY requirements.txt .
RUN pip wheel --no-cache-dir -r requirements.txt -w /wheels

FROM python:3.10-slim AS app
COPY --from=app /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels
WORKDIR /srv
COPY . .
CMD ["python", "serve.py"]
