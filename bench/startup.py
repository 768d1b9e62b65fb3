#!/usr/bin/env python3
"""What a command costs before and around its work: rlcm against bsdtar, whole processes, in pairs.

    python3 bench/startup.py RLCM [--runs 21] [--scale 1000] [--project "Project 01"] [--vs OTHER_RLCM]

Two pairs, each run RUNS times with the two commands alternating (the order swaps every run, so
neither always gets the other's writeback):

- `RLCM --version` against `bsdtar --version`: the fixed cost of starting the executable.
- `RLCM import PKG --into PROJECT -C EMPTY` against `bsdtar -xf PKG -C EMPTY_DIR` + `sync`, where
  PKG is PROJECT exported from the generated SCALE-recipe workspace (bench/out/workspaces, made by
  run.py; 50 recipes a project at 1,000) and EMPTY a freshly initialised production workspace with
  its own usage cache. A `sync` before each command is not timed; the import's own `syncfs` is.

With `--vs OTHER_RLCM`, a third pair: `RLCM --version` against `OTHER_RLCM --version`.

Prints, per pair, the median wall time of each command (min-max) and the median of the per-run
ratios A/B. Only ratios inside one run mean anything on a shared machine.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command, env=None):
    """Wall seconds of one whole process, its output thrown away."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def pair(name, runs, a, b):
    """Runs a() and b() (each returns its seconds) RUNS times, alternating; prints the medians."""
    times_a, times_b = [], []
    for run in range(runs):
        first, second = (a, b) if run % 2 == 0 else (b, a)
        x, y = first(), second()
        (times_a if first is a else times_b).append(x)
        (times_b if first is a else times_a).append(y)
    ratios = [x / y for x, y in zip(times_a, times_b)]
    ms = lambda values: f"{statistics.median(values) * 1000:.1f} ms ({min(values) * 1000:.1f}-{max(values) * 1000:.1f})"
    print(f"{name}\n  A {ms(times_a)}\n  B {ms(times_b)}\n  A/B median of {runs} paired ratios {statistics.median(ratios):.3f}"
          f" ({min(ratios):.3f}-{max(ratios):.3f})", flush=True)


def package_arguments(ap, runs):
    """The options of the scripts that import one small package: the build, how many runs, and
    which package (startup.py, profile.py)."""
    ap.add_argument("rlcm")
    ap.add_argument("--runs", type=int, default=runs)
    ap.add_argument("--scale", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--project", default="Project 01")


def small_import(args):
    """A new scratch folder holding `package.zip`, PROJECT exported from the generated workspace,
    and `empty`, a freshly initialised production workspace; returns the build's path, the
    generated workspace's and the scratch folder's, which the caller removes."""
    rlcm = os.path.abspath(args.rlcm)
    workspace = os.path.join(HERE, "out", "workspaces", f"projects-{args.scale}-seed{args.seed}")
    if not os.path.isdir(workspace):
        sys.exit(f"no {workspace}: run python3 bench/run.py --scales {args.scale} first")
    scratch = tempfile.mkdtemp()
    subprocess.run([rlcm, "export", args.project, "-C", workspace, "-o", os.path.join(scratch, "package.zip")],
                   stdout=subprocess.DEVNULL, check=True)
    subprocess.run([rlcm, "init", os.path.join(scratch, "empty"), "--name", "Production", "--environment", "production",
                    "--data-center", "us"], stdout=subprocess.DEVNULL, check=True)
    return rlcm, workspace, scratch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    package_arguments(ap, runs=21)
    ap.add_argument("--vs", help="another rlcm build whose --version is the third pair's B")
    args = ap.parse_args()
    rlcm, workspace, scratch = small_import(args)
    try:
        package = os.path.join(scratch, "package.zip")
        print(f"{args.project} of {workspace}: {os.path.getsize(package):,} bytes; {args.runs} runs a pair", flush=True)

        pair(f"A: {rlcm} --version\nB: bsdtar --version", args.runs,
             lambda: timed([rlcm, "--version"]), lambda: timed(["bsdtar", "--version"]))

        def rlcm_import():
            target, cache = os.path.join(scratch, "production"), os.path.join(scratch, "cache")
            for folder in (target, cache):
                shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(os.path.join(scratch, "empty"), target, symlinks=True)
            subprocess.run(["sync"], check=True)
            return timed([rlcm, "import", package, "--into", args.project, "-C", target], env=dict(os.environ, RLCM_CACHE_DIR=cache))

        def bsdtar_extract():
            target = os.path.join(scratch, "extract")
            shutil.rmtree(target, ignore_errors=True)
            os.mkdir(target)
            subprocess.run(["sync"], check=True)
            start = time.perf_counter()
            subprocess.run(["bsdtar", "-xf", package, "-C", target], check=True)
            subprocess.run(["sync"], check=True)
            return time.perf_counter() - start

        pair(f"A: rlcm import of the package into an empty workspace\nB: bsdtar -xf of the package + sync", args.runs,
             rlcm_import, bsdtar_extract)
        if args.vs:
            other = os.path.abspath(args.vs)
            pair(f"A: {rlcm} --version\nB: {other} --version", args.runs,
                 lambda: timed([rlcm, "--version"]), lambda: timed([other, "--version"]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
