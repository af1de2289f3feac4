FROM node:18.20.4-bullseye

ARG NPM_TOKEN
ENV GITHUB_TOKEN=ghp_FAKE0123456789abcdefghijklmnopqrstuv

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN echo "//npm.pkg.github.com/:_authToken=${NPM_TOKEN}" > .npmrc \
 && echo "@acme:registry=https://npm.pkg.github.com" >> .npmrc \
 && npm ci \
 && rm -f .npmrc
RUN git clone https://${GITHUB_TOKEN}@github.com/acme/shared-config.git /usr/src/shared-config
COPY . .
CMD ["npm", "start"]
