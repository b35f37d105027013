#!/usr/bin/env bash
# Prints one sha256 per output dropship writes for the bundled examples and a 100-app fleet: synth (JSON in
# both layouts, HCL), plan (text, markdown, JSON), validate and check. Run it before and after a change that
# must not change output, and compare:
#
#   npm run build && scripts/fingerprint.sh > /tmp/before.txt
#   ...change...
#   npm run build && scripts/fingerprint.sh > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt
#
# It reads dist/, so build first, and works in a scratch folder of its own (FINGERPRINT_DIR to keep it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${FINGERPRINT_DIR:-$(mktemp -d)}"
[ -n "${FINGERPRINT_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work" && cd "$work"
cli() { node "$repo/bin/dropship.js" "$@"; }
node -e "require('$repo/dist/bench/generate').writeFleetSpecs('$work', [100])" >/dev/null
cp "$repo/examples/php-shop/migration.yaml" php-shop.yaml
cp "$repo/examples/django-app/migration.yaml" django-app.yaml
fleet="$(ls "$work"/*100*.yaml | head -1)"
cp "$fleet" fleet-100.yaml

digest() { sha256sum | cut -c1-16; }
tree() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum) | digest; }

for spec in php-shop django-app fleet-100; do
  for layout in single per-app; do
    cli synth "$spec.yaml" --layout "$layout" --out "out-$spec-$layout" --quiet 2>/dev/null
    echo "$spec synth $layout $(tree "out-$spec-$layout")"
  done
  [ "$spec" = fleet-100 ] && continue
  cli synth "$spec.yaml" --hcl --out "out-$spec-hcl" --quiet 2>/dev/null
  echo "$spec synth hcl $(tree "out-$spec-hcl")"
  for format in text markdown json; do
    echo "$spec plan $format $(cli plan "$spec.yaml" --format "$format" 2>&1 | digest)"
  done
  echo "$spec validate $(cli validate "$spec.yaml" 2>&1 | digest)"
  echo "$spec validate json $(cli validate "$spec.yaml" --format json 2>&1 | digest)"
  echo "$spec check $( (cli check "$spec.yaml" 2>&1 || true) | digest)"
done
echo "fleet-100 plan json $(cli plan fleet-100.yaml --format json 2>&1 | digest)"
