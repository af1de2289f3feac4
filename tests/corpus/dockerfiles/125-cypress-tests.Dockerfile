FROM cypress/included:13.13.0

WORKDIR /e2e
COPY package.json package-lock.json ./
RUN npm ci
COPY cypress.config.js ./
COPY cypress ./cypress
ENV CYPRESS_RECORD_KEY=00000000-0000-0000-0000-000000000000
ENTRYPOINT ["cypress", "run"]
CMD ["--browser", "chrome"]
