#!/usr/bin/env bash
# Installs the npm packages the tests use as real peers (s3rver, an S3-compatible server; @grpc/grpc-js, a gRPC client
# of another implementation than ours) from dev/npm-tools/package-lock.json into the cache, never into the repository:
#   ${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}/npm-tools/node_modules
# Prints that folder. A second run with the same lock file returns at once (the lock file's sha256 is the stamp).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}
dest=$cache/npm-tools
lock=$here/npm-tools/package-lock.json
stamp=$dest/.lock-$(sha256sum "$lock" | cut -c1-16)
if [ -f "$stamp" ] && [ -d "$dest/node_modules" ]; then echo "$dest/node_modules"; exit 0; fi
command -v npm >/dev/null || { echo "install-npm-tools: npm is missing (dev/install-deps.sh installs it)" >&2; exit 1; }
rm -rf "$dest" && mkdir -p "$dest"
cp "$here/npm-tools/package.json" "$lock" "$dest/"
echo "install-npm-tools: npm ci into $dest" >&2
# No install scripts: none of these packages needs one, and none may run code at install time.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
touch "$stamp"
echo "$dest/node_modules"
