FROM mcr.microsoft.com/playwright:v1.45.1-jammy

WORKDIR /e2e
COPY package.json package-lock.json ./
RUN npm ci
COPY playwright.config.ts ./
COPY tests/ ./tests/

ENV CI=true
ENV BASE_URL=https://staging.example.com
ENV E2E_ADMIN_PASSWORD=Pl4ywright-FAKE-pass

CMD ["npx", "playwright", "test", "--reporter=line"]
