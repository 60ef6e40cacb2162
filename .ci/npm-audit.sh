#!/usr/bin/env bash
# `npm audit` of the production dependencies (what the Docker image ships): prints what the
# registry reports and fails on high or critical advisories. Some registries (mirrors, proxies)
# have no audit endpoint; then the check is skipped and this says so plainly: nothing was checked.
# (test/integration/secrets/production-dependencies.test.ts checks the known cases without a registry.)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

registry=$(npm config get registry)
out=$(mktemp "${TMPDIR:-/tmp}/opsdesk-audit.XXXXXX")
trap 'rm -f "$out" "$out.err"' EXIT
rc=0
npm audit --omit=dev --json >"$out" 2>"$out.err" || rc=$?

# verdict: "ok SUMMARY", "fail SUMMARY" or "skip WHY" from the JSON report (npm prints JSON both
# for a report and for an endpoint that did not answer).
verdict=$(node -e '
  const fs = require("node:fs");
  let r;
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("unreadable"); process.exit(0); }
  const v = r.metadata && r.metadata.vulnerabilities;
  if (!v) {
    const why = r.statusCode ? `HTTP ${r.statusCode}` : (r.error && (r.error.code || r.error.summary)) || r.code || r.message || "no report";
    console.log(`skip ${String(why).split("\n")[0]} ${r.uri || ""}`.trim());
    process.exit(0);
  }
  const summary = ["critical", "high", "moderate", "low", "info"].map((s) => `${v[s] || 0} ${s}`).join(", ");
  const names = Object.values(r.vulnerabilities || {}).map((x) => `${x.name} (${x.severity})`).join(", ");
  console.log(`${(v.critical || 0) + (v.high || 0) > 0 ? "fail" : "ok"} ${summary}${names ? `: ${names}` : ""}`);
' "$out")

case $verdict in
  ok\ *) say "npm audit (production dependencies, $registry): ${verdict#ok }" ;;
  fail\ *)
    say "npm audit (production dependencies, $registry): ${verdict#fail }"
    npm audit --omit=dev --audit-level=high >&2 || true
    say "FAILED: high or critical advisories in the production dependencies (fix, or override as package.json does for request)"
    exit 1
    ;;
  skip\ *)
    say "npm audit SKIPPED: the registry $registry does not answer audit requests (${verdict#skip }); the production dependencies were NOT audited here"
    ;;
  *)
    say "npm audit gave no report (exit $rc):"
    tail -n 20 "$out" "$out.err" >&2
    exit 1
    ;;
esac
