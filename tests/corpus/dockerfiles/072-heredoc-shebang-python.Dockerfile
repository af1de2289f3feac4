# syntax=docker/dockerfile:1.4
FROM python:3.12.4-alpine3.20

RUN <<EOF
#!/usr/bin/env python3
import json, pathlib
cfg = {"log_level": "info", "workers": 2}
pathlib.Path("/etc/worker.json").write_text(json.dumps(cfg))
EOF

COPY worker.py /opt/worker.py
USER 405
CMD ["python3", "/opt/worker.py"]
