FROM node:18-bullseye

WORKDIR app

COPY package.json yarn.lock .yarnrc.yml ./
COPY packages/api/package.json packages/api/
COPY packages/shared/package.json packages/shared/
RUN yarn install --frozen-lockfile

COPY . .
RUN yarn workspace @acme/api build

RUN npm install -g pm2
EXPOSE 4000
CMD ["pm2-runtime", "packages/api/dist/main.js"]
