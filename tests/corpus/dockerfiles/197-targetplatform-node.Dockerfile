FROM --platform=$TARGETPLATFORM node:20.15.1-alpine3.20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER 1000
CMD ["node", "bot.js"]
