FROM node:20.15.1-bookworm-slim

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .

HEALTHCHECK CMD curl --fail http://localhost:3000/health || exit 1
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "healthcheck.js"]
CMD ["node", "server.js"]
