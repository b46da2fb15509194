#!/usr/bin/env bash
# The real-browser check uses Debian's Chromium (a test tool's own browser download cannot work
# here). Installed once with apt when missing; needs root, as on CI.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "[real-n8n] installing Debian's chromium for the editor screenshot (once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
