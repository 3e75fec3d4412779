#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager v1.20.2 from Debian's `kubernetes` source package,
# once per machine, into a cache folder outside the repository:
#   ${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}/kubernetes-1.20.2/bin/{kube-apiserver,kube-controller-manager}
# A second run finds the binaries (and their smoke-test stamp) and returns at once.
#
# Two fixes make the v1.20 sources work with Debian's Go 1.19; the smoke test checks both:
# - the vendored github.com/modern-go/reflect2 v1.0.1 is replaced by Debian's v1.0.2: v1.0.1 reads runtime
#   internals that changed in Go 1.18, and the API server dies with a fatal signal on the first server-side
#   apply (json-iterator -> reflect2 UnsafeIterate);
# - go-openapi's schema type check (vendored as github.com/go-openapi/validate and as
#   k8s.io/kube-openapi/pkg/validation/validate) decides "zero value means null" with
#   reflect.DeepEqual(reflect.Zero(T), reflect.ValueOf(data)), comparing two reflect.Value structs. Under older
#   Go those never shared a data pointer, so in effect only nil counted; under Go 1.19 an empty string and
#   reflect.Zero both point at the runtime's shared zero buffer, so "" in a typed field of a custom resource is
#   refused ("must be of type string: \"null\""). The check is patched to the nil test it always amounted to.
# Each patch set gets its own freshly unpacked source tree.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}
version=1.20.2
dest=$cache/kubernetes-$version
bin=$dest/bin
patchset=reflect2-1.0.2+openapi-nil-check
stamp=$dest/.smoke-ok-$patchset

if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -f "$stamp" ]; then
  echo "control plane: using cached v$version binaries in $bin"
  exit 0
fi

"$here/../install-deps.sh"

mkdir -p "$dest/src"
cd "$dest/src"
tree=kubernetes-$version-$patchset
if [ ! -d "$tree" ]; then
  if ! ls kubernetes_*.dsc >/dev/null 2>&1; then
    echo "control plane: fetching Debian source package kubernetes ($version)"
    apt-get source --download-only -qq "kubernetes=$version*" >/dev/null 2>&1 || apt-get source --download-only -qq kubernetes >/dev/null
  fi
  find . -maxdepth 1 -type d -name 'kubernetes-*' ! -name "$tree" -exec rm -rf {} +
  dsc=$(ls kubernetes_*.dsc | head -n 1)
  dpkg-source --no-check -x "$dsc" "$tree.tmp" >/dev/null
  mv "$tree.tmp" "$tree"
fi
cd "$tree"

# replace_vendored IMPORT_PATH VERSION: swap vendor/IMPORT_PATH's sources for Debian's golang-*-dev copy.
replace_vendored() {
  local pkg=$1 version=$2 src=/usr/share/gocode/src/$1 vendored=vendor/$1
  grep -qs "model-rollouts: $version" "$vendored/.replaced" && return 0
  echo "control plane: replacing vendored $pkg with Debian's $version"
  [ -d "$src" ] || { echo "control plane: $src missing (install-deps.sh installs it)" >&2; exit 1; }
  find "$vendored" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
  find "$src" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} "$vendored"/ \;
  echo "model-rollouts: $version" > "$vendored/.replaced"
}
replace_vendored github.com/modern-go/reflect2 v1.0.2
for f in vendor/github.com/go-openapi/validate/type.go vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go; do
  sed -i 's/if data == nil || reflect.DeepEqual(reflect.Zero(reflect.TypeOf(data)), reflect.ValueOf(data)) {/if data == nil {/' "$f"
  grep -q 'if data == nil {' "$f" || { echo "control plane: could not patch $f" >&2; exit 1; }
done

mkdir -p .go/src/k8s.io
[ -e .go/src/k8s.io/kubernetes ] || ln -s ../../.. .go/src/k8s.io/kubernetes

echo "control plane: building kube-apiserver and kube-controller-manager (about 5 minutes on 2 cores the first time)"
start=$(date +%s)
(
  export CGO_ENABLED=0 GOPATH=$PWD/.go GOFLAGS=-mod=vendor GO111MODULE=on GOCACHE=$dest/gocache
  cd .go/src/k8s.io/kubernetes
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" 2>&1 | while IFS= read -r line; do
    printf '  [%4ss] %s\n' "$(( $(date +%s) - start ))" "$line"
  done
  exit "${PIPESTATUS[0]}"
)
mkdir -p "$bin"
# Copy then rename: a running API server keeps its (old) binary, and the cache never holds a half-written one.
for b in kube-apiserver kube-controller-manager; do
  cp "_output/bin/$b" "$bin/$b.new" && mv -f "$bin/$b.new" "$bin/$b"
done
echo "control plane: built in $(( $(date +%s) - start ))s"

echo "control plane: smoke test (server-side apply of an object and of its status)"
"$here/smoke.sh" "$bin"
touch "$stamp"
echo "control plane: ready in $bin"
