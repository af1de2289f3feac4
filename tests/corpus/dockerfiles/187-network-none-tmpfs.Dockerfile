# syntax=docker/dockerfile:1.7
FROM node:20.15.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci
COPY . .
# tests and build must not reach the network
RUN --network=none --mount=type=tmpfs,target=/tmp npm test
RUN --mount=type=tmpfs,target=/tmp --network=none npm run build

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /app/dist /app
WORKDIR /app
USER 65532
CMD ["server.js"]
