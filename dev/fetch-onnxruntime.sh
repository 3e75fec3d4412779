#!/usr/bin/env bash
# Fetches ONNX Runtime's native library for linux-x64 from the npm package onnxruntime-node (pinned version
# and sha256 of the package tarball), and unpacks only bin/napi-v6/linux/x64/libonnxruntime.so.1 into
#   ${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}/onnxruntime-<version>/libonnxruntime.so.1
# Prints that path. Nothing binary enters the repository. A second run reuses the cached file.
set -euo pipefail
version=${ORT_NPM_VERSION:-1.23.2}
sha256=${ORT_NPM_SHA256:-fe70e8de46560c57c2dfb7170770da32dbb21684504a5c904346c44a56e154f2}
cache=${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}
dest=$cache/onnxruntime-$version
lib=$dest/libonnxruntime.so.1
if [ -f "$lib" ]; then echo "$lib"; exit 0; fi
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "onnxruntime: npm pack onnxruntime-node@$version" >&2
(cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tgz=$(ls "$work"/onnxruntime-node-*.tgz)
actual=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$actual" != "$sha256" ]; then
  echo "onnxruntime: sha256 mismatch for $(basename "$tgz"): expected $sha256, got $actual" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
mv "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$lib.tmp"
mv "$lib.tmp" "$lib"
echo "$lib"
