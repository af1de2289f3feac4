FROM oven/bun:1.1.20-alpine AS install
WORKDIR /temp/prod
COPY package.json bun.lockb ./
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.1.20-alpine
WORKDIR /usr/src/app
COPY --from=install /temp/prod/node_modules node_modules
COPY src/ src/
COPY package.json tsconfig.json ./
ENV NODE_ENV=production
USER bun
EXPOSE 3000/tcp
ENTRYPOINT ["bun", "run", "src/index.ts"]
