FROM nodered/node-red:4.0.2-20

COPY package.json .
RUN npm install --unsafe-perm --no-update-notifier --no-fund --only=production
RUN npm install node-red-dashboard node-red-contrib-influxdb
COPY settings.js /data/settings.js
COPY flows.json /data/flows.json
ENV NODE_RED_CREDENTIAL_SECRET=myflowsecret
