FROM node:20.15-bookworm-slim

ENV PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=true \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium=126.0.6478.126-1~deb12u1 fonts-noto-color-emoji=2.042-0+deb12u1 dumb-init=1.2.5-2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/renderer
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --chown=node:node . .

USER node
EXPOSE 3000
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "index.js"]
