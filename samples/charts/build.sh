#!/usr/bin/env bash
# Rebuilds repo/ (the sample chart repository `make run` serves) from src/hello:
# version 0.1.0 (appVersion 1.0.0) and the source's own 0.2.0, indexed with relative URLs so
# the repository works from whatever address serves it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
helm="${HELM:-$here/../../.tools/bin/helm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HELM_CONFIG_HOME="$work/config" HELM_CACHE_HOME="$work/cache" HELM_DATA_HOME="$work/data"
rm -rf "$here/repo" && mkdir -p "$here/repo"
cp -r "$here/src/hello" "$work/hello"
sed -i 's/^version: .*/version: 0.1.0/; s/^appVersion: .*/appVersion: "1.0.0"/' "$work/hello/Chart.yaml"
"$helm" package "$work/hello" -d "$here/repo" >/dev/null
"$helm" package "$here/src/hello" -d "$here/repo" >/dev/null
"$helm" repo index "$here/repo"
ls "$here/repo"
