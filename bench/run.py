#!/usr/bin/env python3
"""rlcm benchmarks against libarchive (issue 5). Python 3 standard library only.

    python3 bench/run.py [--scales 1000,10000,50000] [--reps 3] [--out bench/out]
                         [--layout projects|single] [--seed 5] [--rlcm PATH] [--no-plot]

For each scale: generate (or reuse) a synthetic workspace, then, REPS times, time and measure the
peak RSS (GNU time, /usr/bin/time) of: rlcm export vs bsdtar --format zip -cf of the same entries;
rlcm inspect; rlcm plan into an empty production workspace; rlcm import into it vs
bsdtar -xf + sync; a re-import over the first import. Prints a table, writes OUT/results.json
(every figure, the ratios and pass/fail per target) and OUT/bench.png (gnuplot). See bench/README.md.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402

GNU_TIME = "/usr/bin/time"
RLCM_COMMANDS = ["export", "inspect", "plan", "import", "reimport"]
BSDTAR_COMMANDS = ["bsdtar_create", "bsdtar_extract_sync"]
LIMITS = {"export_vs_bsdtar": 1.10, "import_vs_bsdtar_sync": 1.5, "plan_vs_import": 0.5, "reimport_vs_import": 1.2,
          "per_recipe_growth": 1.3, "peak_rss_mb": 100, "peak_rss_growth": 1.5}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def measure(argv, cwd=None):
    """Runs argv under GNU time after an untimed sync; returns (seconds, peak RSS in KB, error or None)."""
    subprocess.run(["sync"])
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        p = subprocess.run([GNU_TIME, "-f", "%M", "-o", t.name, *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        lines = [l for l in open(t.name).read().splitlines() if l.strip()]
    rss = int(lines[-1]) if lines and lines[-1].strip().isdigit() else 0
    err = None if p.returncode == 0 else f"exit {p.returncode}: {' '.join(argv[:3])}: {p.stderr.strip()[-400:]}"
    return elapsed, rss, err


class Acc:
    """One repetition of one command, summed over the packages of the layout."""

    def __init__(self):
        self.seconds, self.rss, self.error = 0.0, 0, None

    def add(self, result):
        s, r, e = result
        self.seconds += s
        self.rss = max(self.rss, r)
        self.error = self.error or e
        if e:
            log("   !", e)


def build_rlcm():
    log("== swift build -c release --product rlcm")
    subprocess.run(["swift", "build", "-c", "release", "--product", "rlcm"], cwd=REPO, check=True)
    return os.path.join(REPO, ".build", "release", "rlcm")


def workspace(rlcm, scale, seed, layout, out):
    dest = os.path.join(out, "workspaces", f"{layout}-{scale}-seed{seed}")
    summary = os.path.join(dest, ".rlcm", "bench-generated.json")
    if os.path.exists(summary):
        log(f"== reusing {dest}")
        return dest, json.load(open(summary))
    log(f"== generating {scale} recipes ({layout}) in {dest}")
    start = time.perf_counter()
    s = gen.generate(rlcm, scale, seed, layout, dest)
    s["generate_seconds"] = round(time.perf_counter() - start, 1)
    json.dump(s, open(summary, "w"), indent=2)
    return dest, s


def bsdtar_list(ws, package, project, scratch):
    """The -T list that makes bsdtar pack exactly the package's entries, in its order, from the same files.
    Entries that are not files of the workspace tree (the custom connector trios, which live in the
    connector store) are taken from a copy extracted once from the rlcm package."""
    extra = os.path.join(scratch, "store-copy", project)
    lines, cwd = [], None
    with zipfile.ZipFile(package) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            name = info.filename
            for base in (os.path.join(ws, project), ws):
                if os.path.isfile(os.path.join(base, name)):
                    break
            else:
                z.extract(info, extra)
                base = extra
            if base != cwd:
                lines += ["-C", base]
                cwd = base
            lines.append(name)
    path = os.path.join(scratch, "lists", project + ".list")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def bumped(package, dest):
    """A copy of the package in which every recipe's top-level version is one higher, so that a
    re-import overwrites every recipe (re-importing identical bytes leaves recipes 'unchanged')."""
    pattern = re.compile(rb'\n  "version": (\d+),')
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".recipe.json"):
                data = pattern.sub(lambda m: b'\n  "version": ' + str(int(m.group(1)) + 1).encode() + b",", data, count=1)
            out.writestr(info.filename, data)


def run_scale(rlcm, scale, args):
    ws, summary = workspace(rlcm, scale, args.seed, args.layout, args.out)
    projects = ["All"] if args.layout == "single" else [f"Project {i + 1:02d}" for i in range(gen.PROJECTS)]
    scratch = os.path.join(args.out, "scratch", f"{args.layout}-{scale}")
    shutil.rmtree(scratch, ignore_errors=True)
    pkgs = os.path.join(scratch, "packages")
    os.makedirs(pkgs)
    reps = {c: [] for c in RLCM_COMMANDS + BSDTAR_COMMANDS}
    lists, package_bytes = {}, 0
    for rep in range(args.reps):
        log(f"-- scale {scale}, repetition {rep + 1}/{args.reps}")
        acc = {c: Acc() for c in reps}
        # Export, then bsdtar of the same entries.
        for p in projects:
            pkg = os.path.join(pkgs, p + ".zip")
            if os.path.exists(pkg):
                os.remove(pkg)
            acc["export"].add(measure([rlcm, "export", p, "-C", ws, "-o", pkg]))
            if not os.path.exists(pkg):
                continue
            if p not in lists:
                lists[p] = bsdtar_list(ws, pkg, p, scratch)
            tar = os.path.join(scratch, "bsdtar.zip")
            if os.path.exists(tar):
                os.remove(tar)
            acc["bsdtar_create"].add(measure(["bsdtar", "--format", "zip", "-cf", tar, "-T", lists[p]]))
        package_bytes = sum(os.path.getsize(os.path.join(pkgs, p + ".zip")) for p in projects if os.path.exists(os.path.join(pkgs, p + ".zip")))
        for p in projects:
            pkg = os.path.join(pkgs, p + ".zip")
            acc["inspect"].add(measure([rlcm, "inspect", pkg]))
        # An empty production workspace: plan everything, import everything, import everything again.
        prod = os.path.join(scratch, "production")
        shutil.rmtree(prod, ignore_errors=True)
        subprocess.run([rlcm, "init", prod, "--name", "Bench production", "--environment", "production", "--data-center", "us"], check=True, capture_output=True)
        for p in projects:
            acc["plan"].add(measure([rlcm, "plan", os.path.join(pkgs, p + ".zip"), "--into", p, "-C", prod]))
        for p in projects:
            acc["import"].add(measure([rlcm, "import", os.path.join(pkgs, p + ".zip"), "--into", p, "-C", prod]))
        for p in projects:
            v2 = os.path.join(pkgs, p + ".v2.zip")
            if not os.path.exists(v2):
                bumped(os.path.join(pkgs, p + ".zip"), v2)
            acc["reimport"].add(measure([rlcm, "import", v2, "--into", p, "-C", prod]))
        if not args.keep:
            shutil.rmtree(prod, ignore_errors=True)
        # bsdtar -xf of the same packages into empty folders, then sync.
        for p in projects:
            dest = os.path.join(scratch, "extract", p)
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            x = measure(["bsdtar", "-xf", os.path.join(pkgs, p + ".zip"), "-C", dest])
            start = time.perf_counter()
            subprocess.run(["sync"])
            acc["bsdtar_extract_sync"].add((x[0] + time.perf_counter() - start, x[1], x[2]))
        shutil.rmtree(os.path.join(scratch, "extract"), ignore_errors=True)
        for c, a in acc.items():
            reps[c].append(a)
            log(f"   {c:20s} {a.seconds:8.2f} s  {a.rss / 1024:7.1f} MB" + ("  FAILED" if a.error else ""))
    result = {"recipes": summary["recipes"], "workspace": summary, "packages": len(projects), "package_bytes": package_bytes, "commands": {}}
    for c, accs in reps.items():
        ok = [a for a in accs if not a.error]
        result["commands"][c] = {
            "seconds": [round(a.seconds, 4) for a in accs], "peak_rss_kb": [a.rss for a in accs],
            "median_seconds": round(statistics.median(a.seconds for a in ok), 4) if ok else None,
            "peak_rss_mb": round(max(a.rss for a in ok) / 1024, 1) if ok else None,
            "errors": [a.error for a in accs if a.error]}
        m = result["commands"][c]["median_seconds"]
        result["commands"][c]["per_recipe_ms"] = round(1000 * m / summary["recipes"], 4) if m else None
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def targets(scales):
    out = []
    def add(name, scale, value, limit, detail):
        out.append({"target": name, "scale": scale, "value": value, "limit": limit, "detail": detail,
                    "pass": None if value is None else value <= limit})
    for n, r in scales.items():
        m = {c: v["median_seconds"] for c, v in r["commands"].items()}
        add("export_vs_bsdtar", n, ratio(m["export"], m["bsdtar_create"]), LIMITS["export_vs_bsdtar"], "rlcm export / bsdtar --format zip -cf")
        add("import_vs_bsdtar_sync", n, ratio(m["import"], m["bsdtar_extract_sync"]), LIMITS["import_vs_bsdtar_sync"], "rlcm import / (bsdtar -xf + sync)")
        add("plan_vs_import", n, ratio(m["plan"], m["import"]), LIMITS["plan_vs_import"], "rlcm plan / rlcm import")
        add("reimport_vs_import", n, ratio(m["reimport"], m["import"]), LIMITS["reimport_vs_import"], "re-import / first import")
        for c in RLCM_COMMANDS:
            add("peak_rss_mb", n, r["commands"][c]["peak_rss_mb"], LIMITS["peak_rss_mb"], f"rlcm {c} peak RSS (MB)")
    ns = sorted(scales)
    if len(ns) > 1:
        lo, hi = scales[ns[0]], scales[ns[-1]]
        for c in RLCM_COMMANDS:
            add("per_recipe_growth", f"{ns[-1]} vs {ns[0]}", ratio(hi["commands"][c]["per_recipe_ms"], lo["commands"][c]["per_recipe_ms"]),
                LIMITS["per_recipe_growth"], f"rlcm {c}: per-recipe time at {ns[-1]} / at {ns[0]}")
            add("peak_rss_growth", f"{ns[-1]} vs {ns[0]}", ratio(hi["commands"][c]["peak_rss_mb"], lo["commands"][c]["peak_rss_mb"]),
                LIMITS["peak_rss_growth"], f"rlcm {c}: peak RSS at {ns[-1]} / at {ns[0]}")
    return out


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    return {"host": platform.node(), "kernel": platform.release(), "cpu": cpu, "cpus": os.cpu_count(), "mem_gb": round(int(mem) / 2**20, 1),
            "load_avg_at_start": os.getloadavg(), "bsdtar": sh("bsdtar --version"), "rlcm_commit": sh(f"git -C {REPO} rev-parse --short HEAD"),
            "swift": sh("swift --version 2>&1 | head -1")}


def table(scales):
    rows = [("recipes", "command", "median s", "ms/recipe", "peak MB", "vs baseline")]
    for n, r in sorted(scales.items()):
        m = {c: v["median_seconds"] for c, v in r["commands"].items()}
        base = {"export": ("bsdtar_create", "bsdtar -cf"), "import": ("bsdtar_extract_sync", "bsdtar -xf+sync"), "plan": ("import", "import"),
                "reimport": ("import", "import")}
        for c in RLCM_COMMANDS + BSDTAR_COMMANDS:
            v = r["commands"][c]
            rel = ""
            if c in base and m[c] is not None:
                rel = f"{ratio(m[c], m[base[c][0]])}x {base[c][1]}"
            rows.append((f"{n:,}", ("rlcm " if c in RLCM_COMMANDS else "") + c.replace("_", " "),
                         "FAILED" if v["median_seconds"] is None else f"{v['median_seconds']:.2f}",
                         "" if v["per_recipe_ms"] is None else f"{v['per_recipe_ms']:.3f}",
                         "" if v["peak_rss_mb"] is None else f"{v['peak_rss_mb']:.1f}", rel))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) if i in (0, 2, 3, 4) else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
                     for row in rows)


def plot(scales, out):
    if not shutil.which("gnuplot"):
        log("== no plot: gnuplot is missing (apt-get install -y gnuplot-nox)")
        return None
    ns = sorted(scales)
    cols = RLCM_COMMANDS + BSDTAR_COMMANDS
    dat = os.path.join(out, "bench.dat")
    with open(dat, "w") as f:
        f.write("# recipes " + " ".join(f"{c}_s" for c in cols) + " " + " ".join(f"{c}_mb" for c in cols) + "\n")
        for n in ns:
            cmd = scales[n]["commands"]
            f.write(f"{n} " + " ".join(str(cmd[c]["median_seconds"] or "NaN") for c in cols) + " " +
                    " ".join(str(cmd[c]["peak_rss_mb"] or "NaN") for c in cols) + "\n")
    png = os.path.join(out, "bench.png")
    k = len(cols)
    lines = lambda off: ", ".join(f"'{dat}' using 1:{i + 2 + off} with linespoints lw 2" + (" dt 2" if c.startswith("bsdtar") else "")
                                  + f" title '{('rlcm ' if c in RLCM_COMMANDS else '') + c.replace('_', ' ')}'" for i, c in enumerate(cols))
    script = f"""set terminal pngcairo size 1400,560 font ',10'
set output '{png}'
set multiplot layout 1,2 title 'rlcm vs bsdtar (medians of {scales[ns[0]]['commands']['export']['seconds'].__len__()} runs)'
set logscale xy
set grid
set key top left
set xlabel 'recipes'
set ylabel 'seconds'
set title 'time'
plot {lines(0)}
unset logscale y
set logscale x
set yrange [0:*]
set ylabel 'peak RSS (MB)'
set title 'peak memory'
plot {lines(k)}, 100 with lines lc rgb 'red' dt 3 title 'target 100 MB'
unset multiplot
"""
    if len(ns) == 1:
        script = script.replace("set logscale xy", "set logscale y")
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if p.returncode != 0:
        log("== plot failed:", p.stderr.strip())
        return None
    return png


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1000,10000,50000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--layout", choices=["projects", "single"], default="projects",
                    help="projects: 20 projects, one export/import per project (default); single: one project 'All', one package")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--rlcm", help="a built rlcm (default: .build/release/rlcm, built if missing)")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep packages and scratch workspaces in OUT/scratch")
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    for tool, package in ((GNU_TIME, "time"), ("bsdtar", "libarchive-tools")):
        if not shutil.which(tool):
            sys.exit(f"run.py: {tool} is missing (apt-get install -y {package})")
    rlcm = os.path.abspath(args.rlcm) if args.rlcm else os.path.join(REPO, ".build", "release", "rlcm")
    if not os.path.exists(rlcm):
        rlcm = build_rlcm()
    started = time.time()
    scales = {}
    for n in [int(s) for s in args.scales.split(",")]:
        scales[n] = run_scale(rlcm, n, args)
    t = targets(scales)
    result = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "config": {"scales": sorted(scales), "reps": args.reps, "seed": args.seed, "layout": args.layout, "rlcm": rlcm},
              "wall_seconds": round(time.time() - started, 1), "scales": {str(n): r for n, r in scales.items()}, "limits": LIMITS, "targets": t}
    png = None if args.no_plot else plot(scales, args.out)
    result["plot"] = png
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(table(scales))
    print()
    for x in t:
        mark = "n/a " if x["pass"] is None else ("PASS" if x["pass"] else "FAIL")
        print(f"{mark}  {x['target']:22s} {str(x['scale']):>15s}  {str(x['value']):>8s} (limit {x['limit']})  {x['detail']}")
    print(f"\nresults: {os.path.join(args.out, 'results.json')}" + (f"\nplot:    {png}" if png else ""))


if __name__ == "__main__":
    main()
