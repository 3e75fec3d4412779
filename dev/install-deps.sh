#!/usr/bin/env bash
# Installs the Debian packages the project's tests and demo need, once per machine.
# Idempotent: packages already present are skipped, and apt-get update runs only when something is missing.
set -euo pipefail

packages=(etcd-server golang-go golang-github-modern-go-reflect2-dev jq rsync prometheus wrk nghttp2-client lua5.1 curl ca-certificates dpkg-dev procps
          redis-server chromium fonts-dejavu-core python3)
# kubectl: the machine image ships a client; where it does not, Debian's kubernetes-client (v1.20) serves.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
# npm: the machine image's Node.js brings its own; where there is none, Debian's npm (with its nodejs) serves.
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The kubernetes source package needs a deb-src entry (bookworm, main).
src_list=/etc/apt/sources.list.d/model-rollouts-src.sources
need_src=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  need_src=1
fi

# npm peers of the tests (s3rver, @grpc/grpc-js), into the cache; after the Debian packages, which bring npm.
npm_tools() { bash "$(dirname "$0")/install-npm-tools.sh" >/dev/null; }

if [ ${#missing[@]} -eq 0 ] && [ $need_src -eq 0 ]; then
  echo "install-deps: all Debian packages present"
  npm_tools
  exit 0
fi

if [ $need_src -eq 1 ]; then
  echo "install-deps: adding deb-src entry $src_list"
  sudo_if_needed tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

echo "install-deps: apt-get update"
sudo_if_needed apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts system prometheus and redis services on install; the project runs its own on free ports.
if command -v systemctl >/dev/null 2>&1; then
  sudo_if_needed systemctl disable --now prometheus redis-server >/dev/null 2>&1 || true
fi
pkill -x redis-server >/dev/null 2>&1 || true
pkill -x prometheus-node-exporter >/dev/null 2>&1 || true
npm_tools
echo "install-deps: done"
