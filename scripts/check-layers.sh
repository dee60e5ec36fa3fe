#!/usr/bin/env bash
# Checks that every include in the source tree points one way down the layers
# (docs/architecture.md):
#
#   plugin API  <-  core  <-  exports  <-  app/requests  <-  app/web  <-  app/cli
#   core  <-  app/reader (gapfinder-reader: core only; nothing includes it)
#   plugin API  <-  plugins (and plugins/common), which see nothing else of ours
#
# A module is known by the first folder of its include path: each folder of core/ and
# exports/ (analysis/, action_plan/...), each application module of app/, and
# "gapfinder/" for the plugin API (core/plugin_api/gapfinder). A file may include its own
# layer and the layers below; a plugin may include the plugin API and plugins/common.
# The CMake targets refuse most wrong includes by their include roots already; this
# check names every one at once, file and line, before anything is compiled.
#
#   scripts/check-layers.sh [ROOT]     ROOT: the source tree (default: this checkout)
#
# Exit status 0 when every include goes down, 1 when any goes up (each is printed).
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

# The application modules, lowest first. A new one under app/ is added here, in its place.
app_modules=(reader requests web cli)

declare -A layer_of_module  # include prefix -> layer number
declare -A layer_name=([0]="plugin API" [1]=core [2]=exports)
layer_of_module[gapfinder]=0
for d in core/*/; do
  m=$(basename "$d")
  [ "$m" = plugin_api ] || layer_of_module[$m]=1
done
for d in exports/*/; do
  [ -d "$d" ] && layer_of_module[$(basename "$d")]=2
done
n=3
for m in "${app_modules[@]}"; do
  layer_of_module[$m]=$n
  layer_name[$n]="app/$m"
  n=$((n + 1))
done
for d in app/*/; do
  [ -d "$d" ] || continue
  m=$(basename "$d")
  if [ -z "${layer_of_module[$m]+set}" ]; then
    echo "app/$m: an application module with no place in the layers: add it to app_modules in $0" >&2
    exit 1
  fi
done
declare -A plugin_common
for d in plugins/common/*/; do
  [ -d "$d" ] && plugin_common[$(basename "$d")]=1
done

# Sets layer to the layer of source file $1 from its path: a number, "plugin" for
# plugins/, or "" when the file is not checked (tests and benchmarks may use anything).
file_layer() {
  case "$1" in
    core/plugin_api/*) layer=0 ;;
    core/*) layer=1 ;;
    exports/*) layer=2 ;;
    app/*/*)
      local m=${1#app/}
      layer=${layer_of_module[${m%%/*}]}
      ;;
    plugins/*) layer=plugin ;;
    *) layer="" ;;
  esac
}

wrong=0
# One grep over every source file: "file:line:#include ...".
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  file_layer "$file"
  [ -n "$layer" ] || continue
  [[ "$text" =~ include[[:space:]]*[\<\"]([^\>\"]+) ]] || continue
  path=${BASH_REMATCH[1]}
  prefix=${path%%/*}
  [ "$prefix" != "$path" ] || continue  # no folder: a header beside the file, or the system's
  if [ "$layer" = plugin ]; then
    if [ -n "${layer_of_module[$prefix]+set}" ] && [ "$prefix" != gapfinder ] && [ -z "${plugin_common[$prefix]+set}" ]; then
      echo "$file:$line: includes \"$path\" (${layer_name[${layer_of_module[$prefix]}]}): a plugin sees only the plugin API and plugins/common"
      wrong=$((wrong + 1))
    fi
    continue
  fi
  [ -n "${layer_of_module[$prefix]+set}" ] || continue  # a library's header
  target=${layer_of_module[$prefix]}
  if [ "$target" -gt "$layer" ]; then
    echo "$file:$line: includes \"$path\" (${layer_name[$target]}), a layer above ${layer_name[$layer]}"
    wrong=$((wrong + 1))
  fi
done < <(grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' --include='*.c' --exclude-dir=node_modules \
           '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' core exports app plugins | sort -t: -k1,1 -k2,2n)

if [ "$wrong" -gt 0 ]; then
  echo "$wrong include(s) against the layers (docs/architecture.md: each layer includes only those below it)" >&2
  exit 1
fi
chain="plugin API <- core <- exports"
for m in "${app_modules[@]}"; do chain+=" <- app/$m"; done
echo "every include goes down the layers: $chain"
