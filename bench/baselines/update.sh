#!/bin/sh
# Regenerates bench/baselines/*.json from runs.txt with BUILD_DIR/trvp.
#   bench/baselines/update.sh build                # then review `git diff bench/baselines`
set -eu
build=${1:?usage: update.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
trvp="$build/trvp"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$here/runs.txt" | while read -r name config sets; do
    [ -n "$name" ] || continue
    args=""
    for s in $sets; do args="$args --set $s"; done
    # shellcheck disable=SC2086
    "$trvp" run "$root/$config" $args --out "$tmp/$name" --quiet >/dev/null
    cp "$tmp/$name/stats.json" "$here/$name.json"
    echo "bench/baselines/$name.json"
done
