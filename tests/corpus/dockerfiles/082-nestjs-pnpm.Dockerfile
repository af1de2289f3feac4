# syntax=docker/dockerfile:1
FROM node:20.15.1-bookworm-slim AS build
ENV PNPM_HOME=/pnpm
ENV PATH="$PNPM_HOME:$PATH"
RUN corepack enable && corepack prepare pnpm@9.5.0 --activate
WORKDIR /usr/src/app
COPY pnpm-lock.yaml package.json ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile \
 && pnpm run build \
 && pnpm prune --prod

FROM node:20.15.1-bookworm-slim
WORKDIR /usr/src/app
COPY --from=build --chown=1000:1000 /usr/src/app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /usr/src/app/dist ./dist
USER 1000
EXPOSE 3000
CMD ["node", "dist/main.js"]
