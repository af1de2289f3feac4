FROM node:latest

ENV NODE_ENV=production
ENV API_TOKEN=tok_live_FAKE0000000000000000000000

COPY package.json package-lock.json ./
RUN npm install
COPY . .

EXPOSE 3000
CMD node server.js
