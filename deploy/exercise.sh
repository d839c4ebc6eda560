#!/usr/bin/env bash
# Exercise the sample deployment files on this machine, on 127.0.0.1, and stop by itself:
# the systemd unit's ExecStart (with its environment file) runs gunicorn; nginx (Debian's) runs
# deploy/nginx.conf, rendered with free ports; requests go through nginx: the health check, a
# page, a static file served by nginx itself, and a request while the app server is down (502
# from nginx, never a hang), then again once it is back. Usage: bash deploy/exercise.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { echo "nginx is needed: apt-get install nginx"; exit 1; }
work=$(mktemp -d); chmod 755 "$work"  # nginx's workers read the static files in it
app_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
web_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The environment file, as /etc/legweak.env would hold it.
cat > "$work/legweak.env" <<ENV
DJANGO_SECRET_KEY=exercise-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECURE_SSL=0
DATABASE_URL=sqlite:///$work/legweak.sqlite3
DJANGO_STATIC_ROOT=$work/static
PORT=$app_port
WEB_WORKERS=2
ENV
set -a; . "$work/legweak.env"; set +a
.venv/bin/python manage.py check_serving
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_content -v0

start_app() {
  # The unit's ExecStart, with /srv/legweak as this folder.
  exec_start=$(sed -n 's/^ExecStart=//p' deploy/legweak.service | sed "s#/srv/legweak/#$PWD/#g")
  $exec_start &
  app_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null && return; sleep 0.1; done
  echo "gunicorn did not start"; exit 1
}
start_app

# nginx with the sample's server block, its ports and paths filled in.
sed -e "s#server 127.0.0.1:8000#server 127.0.0.1:$app_port#" -e "s#listen 80;#listen 127.0.0.1:$web_port;#" \
    -e "s#STATIC_ROOT#$work/static#" deploy/nginx.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  include $work/site.conf;
}
NGINX
nginx -t -c "$work/nginx.conf" -p "$work" 2>&1 | tail -1
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3
base="http://127.0.0.1:$web_port"
check() {  # check URL EXPECTED-STATUS [header that must be present]
  local status
  status=$(curl -s -o "$work/body.out" -D "$work/headers.out" -w '%{http_code}' -H "Host: localhost" "$base$1")
  [ "$status" = "$2" ] || { echo "FAIL $1: $status, expected $2"; exit 1; }
  if [ -n "${3:-}" ]; then grep -qi "^$3" "$work/headers.out" || { echo "FAIL $1: no $3 header"; exit 1; }; fi
  echo "ok   $1 -> $status${3:+ (with $3)}"
}
check /healthz 200
check / 200 Content-Security-Policy
check /anatomy/common-peroneal-nerve/ 200 Content-Security-Policy
check /static/css/legweak.css 200 Cache-Control
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
check /healthz 502
grep -q "Back in a moment" "$work/body.out" || { echo "FAIL: not the unavailable page"; exit 1; }
echo "ok   (the unavailable page)"
check /static/css/legweak.css 200   # static files do not need the app
start_app
check /healthz 200
echo "deploy/nginx.conf and deploy/legweak.service exercised: nginx $(nginx -v 2>&1 | sed 's#.*/##')"
