LABEL maintainer="infra@example.com"
FROM node:20.15.1-alpine3.20

WORKDIR /srv/webhook
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "index.js"]
