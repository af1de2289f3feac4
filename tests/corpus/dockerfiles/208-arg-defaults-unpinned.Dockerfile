ARG BASE_IMAGE=python
ARG NODE_TAG=latest

FROM node:${NODE_TAG} AS assets
WORKDIR /assets
COPY frontend/ ./
RUN npm ci && npm run build

FROM ${BASE_IMAGE}
WORKDIR /srv/portal
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /assets/dist ./static
COPY portal/ ./portal/
USER 1000
CMD ["python", "-m", "portal"]
