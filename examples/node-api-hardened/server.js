"use strict";

const http = require("node:http");
const fs = require("node:fs");
const { randomUUID } = require("node:crypto");

const PORT = Number(process.env.PORT || 8080);

// `node server.js --healthcheck` is what the image's HEALTHCHECK runs: the runtime
// image has no shell and no curl, so the app probes itself.
if (process.argv.includes("--healthcheck")) {
  const req = http.get({ host: "127.0.0.1", port: PORT, path: "/healthz", timeout: 2000 }, (res) => {
    process.exit(res.statusCode === 200 ? 0 : 1);
  });
  req.on("timeout", () => req.destroy());
  req.on("error", () => process.exit(1));
  return;
}

// The API key comes from a file mounted at run time (a Docker/Compose/Kubernetes
// secret), never from the image: `API_KEY_FILE=/run/secrets/orders_api_key`.
function loadApiKey() {
  const file = process.env.API_KEY_FILE;
  if (!file) return null;
  return fs.readFileSync(file, "utf8").trim();
}
const apiKey = loadApiKey();

const orders = new Map();

function send(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "x-content-type-options": "nosniff",
  });
  res.end(payload);
}

function readJson(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
      } catch (err) {
        reject(err);
      }
    });
    req.on("error", reject);
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");

  if (req.method === "GET" && url.pathname === "/healthz") {
    return send(res, 200, { status: "ok" });
  }
  if (apiKey && req.headers["x-api-key"] !== apiKey) {
    return send(res, 401, { error: "unauthorized" });
  }

  if (req.method === "POST" && url.pathname === "/orders") {
    let body;
    try {
      body = await readJson(req);
    } catch {
      return send(res, 400, { error: "invalid JSON body" });
    }
    const total = Number(body.total);
    if (!body.customerId || !Number.isFinite(total) || total <= 0) {
      return send(res, 422, { error: "customerId and a positive total are required" });
    }
    const order = { id: randomUUID(), customerId: String(body.customerId), total, status: "new" };
    orders.set(order.id, order);
    return send(res, 201, order);
  }

  const match = url.pathname.match(/^\/orders\/([0-9a-f-]{36})$/);
  if (req.method === "GET" && match) {
    const order = orders.get(match[1]);
    return order ? send(res, 200, order) : send(res, 404, { error: "not found" });
  }

  send(res, 404, { error: "not found" });
});

server.listen(PORT, () => console.log(`orders-api listening on :${PORT}`));

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
