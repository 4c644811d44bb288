#!/bin/sh
# Install the R package `crrd` with a copy of the data (datapackage.json, data/, schemas/) in its
# inst/extdata, so that it loads from anywhere. From a clone: sh r/install.sh [LIBRARY]
# The clone itself is not changed: the package is assembled in a temporary directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R "$here" "$tmp/crrd"
rm -rf "$tmp/crrd/inst/extdata"
mkdir -p "$tmp/crrd/inst/extdata"
cp -R "$here/../datapackage.json" "$here/../data" "$here/../schemas" "$here/../retired_ids.csv" "$tmp/crrd/inst/extdata/"
if [ $# -gt 0 ]; then
  mkdir -p "$1"
  R CMD INSTALL --no-test-load --library="$1" "$tmp/crrd"
else
  R CMD INSTALL "$tmp/crrd"
fi
