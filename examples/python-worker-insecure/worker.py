"""Thumbnail worker: pops jobs from a Redis list and writes resized images."""
import io
import json
import os

import redis
import requests
from PIL import Image

r = redis.Redis.from_url(os.environ["REDIS_URL"])
OUT_DIR = os.environ.get("OUT_DIR", "/app/thumbnails")
os.makedirs(OUT_DIR, exist_ok=True)

print("worker started, waiting for jobs on 'thumbnails'")
while True:
    _, raw = r.blpop("thumbnails")
    job = json.loads(raw)
    resp = requests.get(job["url"], verify=False)
    img = Image.open(io.BytesIO(resp.content))
    img.thumbnail((256, 256))
    path = os.path.join(OUT_DIR, job["id"] + ".png")
    img.save(path)
    r.publish("thumbnails:done", json.dumps({"id": job["id"], "path": path}))
    print("done", job["id"])
