"""gunicorn, as `make serve` runs it: threaded workers suited to the cores (the app waits on its
database more than it computes), bound to HOST:PORT (127.0.0.1:8000 unless set), behind nginx in
production (docs/deploy.md). Each setting can be overridden by gunicorn's own GUNICORN_CMD_ARGS."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers now and then, jittered so they do not restart together
max_requests_jitter = 200
accesslog = "-" if os.environ.get("WEB_ACCESS_LOG") else None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
