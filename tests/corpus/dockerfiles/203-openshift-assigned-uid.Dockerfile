FROM registry.access.redhat.com/ubi9/nodejs-20:1-54

USER 0
# the namespace's assigned UID range starts at 1000680000
RUN useradd -u 1000680000 -g 0 -d /opt/app-root/src -s /sbin/nologin portal \
 && chown -R 1000680000:0 /opt/app-root/src \
 && chmod -R g=u /opt/app-root/src
USER 1000680000

COPY --chown=1000680000:0 package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --chown=1000680000:0 . .
EXPOSE 8080
CMD ["npm", "run", "start"]
