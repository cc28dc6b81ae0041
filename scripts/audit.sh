#!/usr/bin/env bash
# `npm run audit`: the production dependencies against the registry's advisories
# (npm audit --omit=dev --audit-level=high). Exits 1 only on real high or critical findings.
# When the registry cannot answer (a mirror without the advisory endpoint answers 405, or no
# network), it says so plainly and lists the production packages with their versions instead, to
# check by hand (SECURITY-AUDIT.md); that exits 0, or 2 with AUDIT_STRICT=1 (for CI that must
# not pass without an answer).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '\033[1m[audit]\033[0m %s\n' "$*" >&2; }

json=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
verdict=$(printf '%s' "$json" | node -e '
  let text = "";
  process.stdin.on("data", (c) => (text += c)).on("end", () => {
    let body;
    try { body = JSON.parse(text); } catch { console.log("unanswered\tnpm audit printed no JSON"); return; }
    const v = body?.metadata?.vulnerabilities;
    if (!v) {
      const why = body?.message ?? body?.error?.summary ?? "no advisory data in the answer";
      console.log(`unanswered\t${why}`);
      return;
    }
    const high = (v.high ?? 0) + (v.critical ?? 0);
    console.log(`${high > 0 ? "findings" : "clean"}\tcritical ${v.critical ?? 0}, high ${v.high ?? 0}, moderate ${v.moderate ?? 0}, low ${v.low ?? 0} (of ${body.metadata.dependencies?.prod ?? "?"} production packages)`);
  });
')
kind=${verdict%%$'\t'*}
detail=${verdict#*$'\t'}

case "$kind" in
  clean)
    log "npm audit --omit=dev: no high or critical advisory — $detail"
    exit 0
    ;;
  findings)
    log "npm audit --omit=dev: HIGH OR CRITICAL ADVISORIES — $detail"
    npm audit --omit=dev --audit-level=high >&2
    exit 1
    ;;
  *)
    log "THE REGISTRY DID NOT ANSWER THE AUDIT: $detail"
    log "Nothing was checked against advisories. Registry: $(npm config get registry)"
    log "Production dependencies to check by hand (SECURITY-AUDIT.md says how and what was found):"
    echo "# direct production dependencies, per workspace"
    node -e '
      const { readFileSync } = require("node:fs");
      for (const ws of ["apps/api", "apps/portal", "packages/db", "packages/documents", "packages/domain"]) {
        const deps = Object.keys(JSON.parse(readFileSync(`${ws}/package.json`, "utf8")).dependencies ?? {}).filter((d) => !d.startsWith("@binh-dang/"));
        const version = (d) => {
          for (const dir of [`${ws}/node_modules`, "node_modules"]) {
            try { return JSON.parse(readFileSync(`${dir}/${d}/package.json`, "utf8")).version; } catch { /* not installed here */ }
          }
          return "?";
        };
        console.log(`${ws}: ${deps.map((d) => `${d}@${version(d)}`).join(" ") || "(none)"}`);
      }'
    echo "# every production package (name@version), $(npm ls --omit=dev --all --parseable --long 2>/dev/null | awk -F: 'NF>1{print $2}' | grep -vc '^@binh-dang/\|^binh-dang@') in all"
    npm ls --omit=dev --all --parseable --long 2>/dev/null | awk -F: 'NF>1{print $2}' | grep -v '^@binh-dang/\|^binh-dang@' | sort -u
    if [ "${AUDIT_STRICT:-0}" = 1 ]; then exit 2; fi
    exit 0
    ;;
esac
