FROM busybox:1.36.1 AS context
COPY . /ctx
RUN rm -rf /ctx/.git /ctx/node_modules

FROM node:20.15.1-bookworm-slim
WORKDIR /app
COPY --from=context /ctx .
RUN npm ci --omit=dev
USER node
CMD ["node", "app.js"]
