FROM denoland/deno:alpine-1.45.2

ARG GIT_REVISION
ENV DENO_DEPLOYMENT_ID=${GIT_REVISION}

WORKDIR /app
COPY deno.json deno.lock ./
COPY . .
RUN deno cache main.ts

USER deno
EXPOSE 8000
CMD ["run", "-A", "main.ts"]
