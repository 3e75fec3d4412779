#!/usr/bin/env bash
# Starts a local Kubernetes control plane on loopback: etcd, kube-apiserver (token and client-certificate
# authentication, RBAC, service-account signing keys, its own serving certificate) and kube-controller-manager
# (Deployments -> ReplicaSets -> Pods, garbage collection), each on a free port.
#
# usage: up.sh STATE_DIR [--owner-pid PID] [--service-cidr CIDR] [--etcd-quota-bytes BYTES]
#                        [--user NAME]... [--audit-policy FILE]
# Writes into STATE_DIR:
#   kubeconfig        admin credentials (bearer token), CA of the serving certificate
#   kubeconfig-cert   the same with a client certificate instead of the token
#   kubeconfig-NAME   for each --user NAME: a token of its own for user NAME (group system:masters), so the API
#                     server's audit log and metrics can tell that client from the others
#   env               KUBECONFIG=..., APISERVER_URL=..., ETCD_URL=...
#   pids              one pid per line (process-group leaders); down.sh STATE_DIR stops them
# With --owner-pid, a watchdog stops everything as soon as that process exits (a killed test run leaves nothing).
# --service-cidr      the Service IP range (default 10.0.0.0/24: 254 Services; 10.96.0.0/12 holds about a million)
# --etcd-quota-bytes  etcd's --quota-backend-bytes (default: etcd's own, 2 GiB)
# --audit-policy      an audit.k8s.io/v1 Policy file; the API server logs to STATE_DIR/logs/audit.log (JSON lines)
set -euo pipefail

usage="usage: up.sh STATE_DIR [--owner-pid PID] [--service-cidr CIDR] [--etcd-quota-bytes BYTES] [--user NAME]... [--audit-policy FILE]"
state=${1:?$usage}
shift
owner=""
service_cidr=10.0.0.0/24
etcd_quota=""
users=()
audit_policy=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "up.sh: $1 needs a value; $usage" >&2; exit 2; }
  case "$1" in
    --owner-pid) owner=$2; shift 2 ;;
    --service-cidr) service_cidr=$2; shift 2 ;;
    --etcd-quota-bytes) etcd_quota=$2; shift 2 ;;
    --user) users+=("$2"); shift 2 ;;
    --audit-policy) audit_policy=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "up.sh: unknown argument $1; $usage" >&2; exit 2 ;;
  esac
done
[[ $service_cidr =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)/([0-9]+)$ ]] ||
  { echo "up.sh: --service-cidr '$service_cidr' is not an IPv4 CIDR (e.g. 10.96.0.0/12)" >&2; exit 2; }
# The first address of the range is the kubernetes Service's ClusterIP: it goes into the serving certificate.
service_ip=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.$(( BASH_REMATCH[4] + 1 ))
[ -z "$etcd_quota" ] || [[ $etcd_quota =~ ^[0-9]+$ ]] ||
  { echo "up.sh: --etcd-quota-bytes '$etcd_quota' is not a number of bytes" >&2; exit 2; }
for u in "${users[@]}"; do
  [[ $u =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { echo "up.sh: --user '$u' must be a DNS label" >&2; exit 2; }
done
[ -z "$audit_policy" ] || [ -f "$audit_policy" ] || { echo "up.sh: --audit-policy $audit_policy: no such file" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
[ -n "${ROLLOUTS_SKIP_BUILD:-}" ] || "$here/build.sh" >&2
bin=${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}/kubernetes-1.20.2/bin

mkdir -p "$state"
state=$(cd "$state" && pwd)
[ -f "$state/pids" ] && "$here/down.sh" "$state" >/dev/null 2>&1 || true
: > "$state/pids"
certs=$state/pki
mkdir -p "$certs" "$state/logs"

# A port for etcd, the API server or the controller manager: below the kernel's ephemeral range (where every outgoing
# connection of the machine takes its local port, so a port free when checked could be taken before etcd binds it; the
# tests run many clients at once), and not in use by any socket, listening or not.
read -r ephemeral_low ephemeral_high < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { ephemeral_low=32768; ephemeral_high=60999; }
if [ $(( ephemeral_low - 20000 )) -ge 2000 ]; then
  port_low=20000 port_span=$(( ephemeral_low - 20000 ))         # 20000-32767 with Linux's default range
elif [ $(( 65535 - ephemeral_high )) -ge 1000 ]; then
  port_low=$(( ephemeral_high + 1 )) port_span=$(( 65535 - ephemeral_high ))
else
  port_low=20000 port_span=25000                                  # no room outside the range: as before
fi
free_port() {
  local p
  while :; do
    p=$(( port_low + (RANDOM * 32768 + RANDOM) % port_span ))
    if ! ss -tanH "sport = :$p" | grep -q . && ! grep -qx "$p" "$state/.ports" 2>/dev/null; then
      echo "$p" >> "$state/.ports"; echo "$p"; return
    fi
  done
}

# --- keys and certificates (openssl) ---
if [ ! -f "$certs/ca.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=model-rollouts-local-ca" \
    -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$certs/apiserver.key" -out "$certs/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,IP:%s,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' "$service_ip" > "$certs/apiserver.ext"
  openssl x509 -req -in "$certs/apiserver.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial \
    -days 3650 -extfile "$certs/apiserver.ext" -out "$certs/apiserver.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=local-admin" \
    -keyout "$certs/admin.key" -out "$certs/admin.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' > "$certs/admin.ext"
  openssl x509 -req -in "$certs/admin.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial \
    -days 3650 -extfile "$certs/admin.ext" -out "$certs/admin.crt" 2>/dev/null
  openssl genrsa -out "$certs/sa.key" 2048 2>/dev/null
  openssl rsa -in "$certs/sa.key" -pubout -out "$certs/sa.pub" 2>/dev/null
  token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  echo "$token,local-admin,local-admin-uid,\"system:masters\"" > "$certs/tokens.csv"
fi
token=$(head -n1 "$certs/tokens.csv" | cut -d, -f1)
for u in "${users[@]}"; do
  if ! grep -q ",$u,$u-uid," "$certs/tokens.csv"; then
    echo "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'),$u,$u-uid,\"system:masters\"" >> "$certs/tokens.csv"
  fi
done

start_bg() { # name, command...
  local name=$1; shift
  setsid "$@" > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! >> "$state/pids"
}

wait_for() { # description, seconds, command...
  local what=$1 secs=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "up.sh: $what did not become ready in ${secs}s; logs in $state/logs" >&2
      "$here/down.sh" "$state" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); kcm_port=$(free_port)
etcd_url=http://127.0.0.1:$etcd_port
start_bg etcd etcd --name local --data-dir "$state/etcd" \
  --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "local=http://127.0.0.1:$etcd_peer" \
  ${etcd_quota:+--quota-backend-bytes="$etcd_quota"}
wait_for etcd 30 curl -fsS "$etcd_url/health"

api_url=https://127.0.0.1:$api_port
audit_flags=()
[ -z "$audit_policy" ] || audit_flags=(--audit-policy-file="$audit_policy" --audit-log-path="$state/logs/audit.log" --audit-log-format=json)
start_bg kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers="$etcd_url" --cert-dir="$certs" \
  --tls-cert-file="$certs/apiserver.crt" --tls-private-key-file="$certs/apiserver.key" \
  --client-ca-file="$certs/ca.crt" \
  --secure-port="$api_port" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
  --token-auth-file="$certs/tokens.csv" --authorization-mode=RBAC \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$certs/sa.pub" --service-account-signing-key-file="$certs/sa.key" \
  --service-cluster-ip-range="$service_cidr" --enable-priority-and-fairness=false "${audit_flags[@]}"
wait_for kube-apiserver 60 curl -fsS --cacert "$certs/ca.crt" -H "Authorization: Bearer $token" "$api_url/readyz"

write_kubeconfig() { # file, user-block
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $api_url
    certificate-authority: $certs/ca.crt
contexts:
- name: local
  context: {cluster: local, user: local-admin, namespace: default}
current-context: local
users:
- name: local-admin
  user:
$2
KC
}
write_kubeconfig "$state/kubeconfig" "    token: $token"
write_kubeconfig "$state/kubeconfig-cert" "    client-certificate: $certs/admin.crt
    client-key: $certs/admin.key"
for u in "${users[@]}"; do
  write_kubeconfig "$state/kubeconfig-$u" "    token: $(grep ",$u,$u-uid," "$certs/tokens.csv" | cut -d, -f1)"
done

start_bg kube-controller-manager "$bin/kube-controller-manager" \
  --kubeconfig="$state/kubeconfig" --authentication-kubeconfig="$state/kubeconfig" \
  --authorization-kubeconfig="$state/kubeconfig" \
  --service-account-private-key-file="$certs/sa.key" --root-ca-file="$certs/ca.crt" \
  --use-service-account-credentials=false \
  --controllers='*,-nodeipam,-nodelifecycle,-service,-route,-cloud-node-lifecycle' \
  --leader-elect=false --port=0 --bind-address=127.0.0.1 --secure-port="$kcm_port"
wait_for kube-controller-manager 60 curl -ksS "https://127.0.0.1:$kcm_port/healthz"

cat > "$state/env" <<ENV
KUBECONFIG=$state/kubeconfig
APISERVER_URL=$api_url
ETCD_URL=$etcd_url
ENV

if [ -n "$owner" ]; then
  # Watchdog: when the owner process goes away (even by SIGKILL), stop the control plane.
  setsid bash -c "while kill -0 $owner 2>/dev/null; do sleep 1; done; '$here/down.sh' '$state'" \
    > "$state/logs/watchdog.log" 2>&1 < /dev/null &
fi
echo "control plane: up at $api_url (kubeconfig: $state/kubeconfig)"
