#!/usr/bin/env bash
# One node's nightly release gate, as CI runs it (.github/workflows/nightly.yml) and as a developer
# can run it: gate → Allure report → scorecard → job summary. Exits with the gate's code
# (0 pass, 1 fail, 2 inconclusive) after the report and the scorecard were written either way.
#
#   bash scripts/nightly-node.sh <node> [extra gate options, e.g. --repeat-each 2]
set -uo pipefail
node_name="${1:?usage: scripts/nightly-node.sh <node> [gate options]}"
shift

npm run --silent gate -- --project="$node_name" "$@"
gate_code=$?

npm run --silent report || echo "nightly: the Allure report could not be built" >&2
npm run --silent scorecard -- --node "$node_name" >/dev/null || echo "nightly: the scorecard could not be built" >&2

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    [ -f "reports/gate/$node_name.md" ] && cat "reports/gate/$node_name.md"
    echo
    [ -f reports/scorecard.md ] && cat reports/scorecard.md
  } >>"$GITHUB_STEP_SUMMARY"
fi

case "$gate_code" in
  0) echo "nightly: $node_name verdict pass" ;;
  2) echo "nightly: $node_name verdict inconclusive (infrastructure failures only) — not a pass" >&2 ;;
  *) echo "nightly: $node_name verdict fail (exit $gate_code)" >&2 ;;
esac
exit "$gate_code"
