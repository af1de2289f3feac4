FROM node:20.15-alpine AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:css && npm run build:js
COPY --from=assets /build/public/manifest.json /build/dist/

FROM python:3.12-slim AS web
WORKDIR /srv
COPY --from=assets /build/dist ./static
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
USER 1000
CMD ["gunicorn", "web:app"]
