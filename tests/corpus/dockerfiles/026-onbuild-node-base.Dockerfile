# Team base image: downstream services only need `FROM acme/node-onbuild:20`
FROM node:20.15-bookworm-slim

RUN mkdir -p /usr/src/app
WORKDIR /usr/src/app

ONBUILD ARG NODE_ENV=production
ONBUILD ENV NODE_ENV=$NODE_ENV
ONBUILD COPY package*.json ./
ONBUILD RUN npm install && npm install -g nodemon
ONBUILD COPY . .

CMD ["npm", "start"]
