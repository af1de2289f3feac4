# syntax=docker/dockerfile:1
FROM node:20.15.1-alpine3.20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
ARG VITE_API_BASE=/api
RUN npm run build

FROM nginxinc/nginx-unprivileged:1.27.0-alpine3.19
COPY --link nginx/spa.conf /etc/nginx/conf.d/default.conf
COPY --link --from=build /app/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/index.html"]
