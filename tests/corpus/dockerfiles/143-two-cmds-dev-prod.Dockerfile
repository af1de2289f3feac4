FROM node:20.15-bookworm-slim

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .

# development
CMD ["npm", "run", "dev"]

RUN npm run build
# production
CMD ["node", "dist/server.js"]
