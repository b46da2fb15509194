#!/usr/bin/env bash
# Queue mode needs Redis (n8n's job queue, Bull) and PostgreSQL (n8n's database; queue mode does
# not support SQLite: https://docs.n8n.io/hosting/scaling/queue-mode/). Both from Debian's
# packages, installed once with apt when missing; needs root, as on CI. Only the binaries are
# used: the suite starts its own servers on its own ports with data in a temporary folder, so
# the packages' default services are not needed (and on a machine without systemd never start).
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "[queue] installing ${missing[*]} from Debian's packages (once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A package's own service may have been started by the install (where an init system runs); the
# suite never uses it.
