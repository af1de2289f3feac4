FROM node:16

WORKDIR /app
RUN yarn global add @vue/cli
COPY package.json yarn.lock ./
RUN yarn install
COPY . .
EXPOSE 8080
CMD ["yarn", "serve", "--host", "0.0.0.0"]
