const express = require("express");
const { Pool } = require("pg");

const app = express();
app.use(express.json());

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

app.get("/health", (_req, res) => res.json({ status: "ok" }));

app.get("/orders/:id", async (req, res) => {
  const { rows } = await pool.query("SELECT id, status, total FROM orders WHERE id = $1", [req.params.id]);
  if (rows.length === 0) return res.status(404).json({ error: "not found" });
  res.json(rows[0]);
});

app.post("/orders", async (req, res) => {
  const { customerId, total } = req.body;
  const { rows } = await pool.query(
    "INSERT INTO orders (customer_id, total, status) VALUES ($1, $2, 'new') RETURNING id",
    [customerId, total],
  );
  res.status(201).json({ id: rows[0].id });
});

app.listen(3000, () => console.log("orders-api listening on :3000"));
