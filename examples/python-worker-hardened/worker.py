"""Thumbnail worker: pops jobs from a Redis list and writes resized images.

Configuration comes from the environment at run time; credentials are read
from files (Docker/Compose/Kubernetes secrets), never baked into the image:

    REDIS_URL             redis://redis:6379/0 (no password in the URL)
    REDIS_PASSWORD_FILE   /run/secrets/redis_password
"""
import io
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

HEARTBEAT = Path(os.environ.get("HEARTBEAT_FILE", "/tmp/worker-heartbeat"))
HEARTBEAT_MAX_AGE = 90  # seconds; the main loop touches the file at least every BLPOP timeout
MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SCHEMES = ("https://",)


def healthcheck() -> int:
    try:
        age = time.time() - HEARTBEAT.stat().st_mtime
    except FileNotFoundError:
        return 1
    return 0 if age < HEARTBEAT_MAX_AGE else 1


def read_secret(name: str) -> str | None:
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return None
    return Path(path).read_text(encoding="utf-8").strip()


def main() -> int:
    import redis
    import requests
    from PIL import Image

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log = logging.getLogger("worker")

    client = redis.Redis.from_url(
        os.environ.get("REDIS_URL", "redis://redis:6379/0"),
        password=read_secret("REDIS_PASSWORD"),
        socket_timeout=10,
    )
    out_dir = Path(os.environ.get("OUT_DIR", "/data/thumbnails"))
    out_dir.mkdir(parents=True, exist_ok=True)

    running = True

    def stop(signum, _frame):
        nonlocal running
        log.info("signal %s received, finishing current job", signum)
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    log.info("waiting for jobs on 'thumbnails'")
    while running:
        HEARTBEAT.touch()
        item = client.blpop(["thumbnails"], timeout=30)
        if item is None:
            continue
        job = json.loads(item[1])
        job_id = str(job["id"])
        if not job_id.isalnum() or not str(job.get("url", "")).startswith(ALLOWED_SCHEMES):
            log.warning("rejected job %r", job_id)
            continue
        resp = requests.get(job["url"], timeout=(5, 30), stream=True)
        resp.raise_for_status()
        data = resp.raw.read(MAX_BYTES + 1, decode_content=True)
        if len(data) > MAX_BYTES:
            log.warning("job %s: image larger than %d bytes", job_id, MAX_BYTES)
            continue
        img = Image.open(io.BytesIO(data))
        img.thumbnail((256, 256))
        path = out_dir / f"{job_id}.png"
        img.save(path, format="PNG")
        client.publish("thumbnails:done", json.dumps({"id": job_id, "path": str(path)}))
        log.info("job %s done", job_id)
    return 0


if __name__ == "__main__":
    if "--healthcheck" in sys.argv[1:]:
        sys.exit(healthcheck())
    sys.exit(main())
