#!/usr/bin/env bash
# Compiler launcher of the fuzzing build (scripts/fuzz.sh sets it as
# CMAKE_<LANG>_COMPILER_LAUNCHER of build-fuzz/): runs the compiler command it is given with
# every path inside the checkout (the source file, -I and -isystem folders, the output)
# rewritten relative to the folder the compiler runs in, which is inside build-fuzz/.
#
# Why: CMake passes absolute paths, and the compiler keeps them in the program, not only in
# the debug information: AddressSanitizer names each file and global in strings in
# .rodata, UndefinedBehaviorSanitizer each check's file, __FILE__ each assert(). A longer
# checkout path then made longer strings, which moved the globals after them (by a page,
# in fuzz-online-survey-export), and libFuzzer's CMP tracing feeds compared pointers back
# into its inputs, so two checkouts of one commit fuzzed differently under
# `scripts/fuzz.sh --ci`. With relative paths the fuzz targets are the same bytes wherever
# the checkout is (docs/fuzzing.md, "CI"). -ffile-prefix-map does not reach the
# sanitizers' strings in clang 14.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: relative-paths.sh COMPILER ARGS..." >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
here=$(pwd -P)
case "$here/" in "$root"/*) ;; *) exec "$@" ;; esac  # compiling outside the checkout: as it is

# The path of $1 relative to this folder when $1 lies in the checkout, else $1 as it is.
relative() {
  local path=$1
  case "$path" in /*) ;; *) printf '%s' "$path"; return ;; esac
  local real
  real=$(realpath -m -- "$path")
  case "$real/" in
    "$root"/*) realpath -m --relative-to="$here" -- "$real" ;;
    *) printf '%s' "$path" ;;
  esac
}

args=()
next_is_dir=0
for arg in "$@"; do
  if [ "$next_is_dir" -eq 1 ]; then
    args+=("$(relative "$arg")")
    next_is_dir=0
    continue
  fi
  case "$arg" in
    -I/* | -iquote/* | -isystem/* | -idirafter/*)
      flag=${arg%%/*}
      args+=("$flag$(relative "${arg#"$flag"}")") ;;
    -I | -iquote | -isystem | -idirafter) args+=("$arg"); next_is_dir=1 ;;
    /*) args+=("$(relative "$arg")") ;;
    *) args+=("$arg") ;;
  esac
done
# The debug information names the folder the compiler ran in, and libFuzzer prints a
# NEW_FUNC line with each newly covered function's file, symbolized into a string on the
# heap that the code under test shares: a longer path moved later allocations, and their
# addresses reached the inputs as above. So that folder is named relative to the checkout
# too ("build-fuzz/plugins"), and the symbolized names (build-fuzz/plugins/../../plugins/
# xlsx/plugin.cpp) work from the checkout. In DWARF 4: clang 14's DWARF 5 line tables
# repeat a relative folder (build-fuzz/plugins/build-fuzz/plugins/...).
args+=("-fdebug-compilation-dir=$(realpath -m --relative-to="$root" -- "$here")")
for arg in "$@"; do
  if [ "$arg" = -g ]; then args+=(-gdwarf-4); break; fi
done
exec "${args[@]}"
