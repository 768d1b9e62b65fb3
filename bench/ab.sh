#!/usr/bin/env bash
# A/B of two rlcm builds on the same machine at the same time, for changes that a pair of
# run.py runs cannot show (their baseline, bsdtar -xf + sync, moves with the shared disk).
#
#   bash bench/ab.sh OLD_RLCM NEW_RLCM [SCALE] [ROUNDS]
#
# Exports the 20 projects of the generated SCALE-recipe workspace (bench/out/workspaces, made by
# run.py; default 10000) with NEW, then, ROUNDS times (default 2), interleaved: each build's
# export of the 20 projects, its import of the 20 packages into an empty production workspace
# (its own usage cache, a sync before each command), and bsdtar -xf + sync of the same packages.
# Prints the totals in seconds.
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2") scale=${3:-10000} rounds=${4:-2}
cd "$(dirname "$0")"
workspace=$PWD/out/workspaces/projects-$scale-seed5
[ -d "$workspace" ] || { echo "no $workspace: run python3 bench/run.py --scales $scale first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
projects=()
for i in $(seq -w 1 20); do projects+=("Project $i"); done

now() { date +%s.%N; }
# Runs "$@" after an untimed sync; prints its wall time.
timed() { sync; local s; s=$(now); "$@" >/dev/null; echo "$(now) - $s" | bc; }
sum() { paste -sd+ | bc; }

mkdir "$scratch/packages"
for p in "${projects[@]}"; do "$new" export "$p" -C "$workspace" -o "$scratch/packages/$p.zip" >/dev/null; done

for round in $(seq "$rounds"); do
  for build in old new; do
    rlcm=${!build}
    export RLCM_CACHE_DIR=$scratch/cache-$build
    rm -rf "$scratch/production" "$RLCM_CACHE_DIR" "$scratch/e.zip"
    "$rlcm" init "$scratch/production" --name Production --environment production --data-center us >/dev/null
    exported=$(for p in "${projects[@]}"; do rm -f "$scratch/e.zip"; timed "$rlcm" export "$p" -C "$workspace" -o "$scratch/e.zip"; done | sum)
    imported=$(for p in "${projects[@]}"; do timed "$rlcm" import "$scratch/packages/$p.zip" --into "$p" -C "$scratch/production"; done | sum)
    echo "round $round  $build  export $exported s  import $imported s  ($rlcm)"
  done
  extracted=$(for p in "${projects[@]}"; do
    rm -rf "$scratch/extract"; mkdir "$scratch/extract"
    sync; s=$(now); bsdtar -xf "$scratch/packages/$p.zip" -C "$scratch/extract"; sync; echo "$(now) - $s" | bc
  done | sum)
  echo "round $round  bsdtar -xf + sync $extracted s"
done
