#!/usr/bin/env python3
"""rlcm benchmarks against libarchive (issue 5). Python 3 standard library only.

    python3 bench/run.py [--scales 1000,10000,50000] [--reps 3] [--out bench/out]
                         [--layout projects|single] [--seed 5] [--rlcm PATH] [--no-plot]

For each scale: generate (or reuse) a synthetic workspace, then, REPS times, time and measure the
peak RSS (GNU time, /usr/bin/time) of: rlcm export vs bsdtar --format zip -cf of the same entries;
rlcm inspect; rlcm plan into an empty production workspace; rlcm import into it vs
bsdtar -xf + sync; a re-import over the first import. Then (issue 12) a real `rlcm serve` on the
10,000-recipe workspace: GET /api/recipes?per_page=100 paged through by 16 concurrent clients (wrk),
and an API import of a 1,000-recipe package against `rlcm import` of the same package. Prints the
tables, writes OUT/results.json (every figure, the ratios and pass/fail per target) and
OUT/bench.png (gnuplot). See bench/README.md.
"""
import argparse, datetime, hashlib, json, os, platform, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.request, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402

GNU_TIME = "/usr/bin/time"
RLCM_COMMANDS = ["export", "inspect", "plan", "import", "reimport"]
BSDTAR_COMMANDS = ["bsdtar_create", "bsdtar_extract_sync"]
LIMITS = {"export_vs_bsdtar": 1.10, "import_vs_bsdtar_sync": 1.5, "plan_vs_import": 0.5, "reimport_vs_import": 1.2,
          "per_recipe_growth": 1.3, "peak_rss_mb": 100, "peak_rss_growth": 1.5, "api_import_vs_cli_import": 1.1,
          "page_ms_one_client": 25, "page_growth": 1.3, "page_rps_16_clients": 100, "page_p99_ms_16_clients": 300,
          "page_errors_16_clients": 0, "page_server_rss_mb": 150}
# The page series' targets are judged at this scale (issue 24).
PAGE_TARGET_SCALE = 10000
SECTIONS = ["cli", "serve", "page"]
IMPORT_PROJECT = "Imported"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def measure(argv, cwd=None):
    """Runs argv under GNU time after an untimed sync; returns (seconds, peak RSS in KB, error or None,
    CPU seconds (user + system))."""
    subprocess.run(["sync"])
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        p = subprocess.run([GNU_TIME, "-f", "%U %S %M", "-o", t.name, *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        lines = [l for l in open(t.name).read().splitlines() if l.strip()]
    fields = lines[-1].split() if lines else []
    cpu, rss = (float(fields[0]) + float(fields[1]), int(fields[2])) if len(fields) == 3 else (0.0, 0)
    err = None if p.returncode == 0 else f"exit {p.returncode}: {' '.join(argv[:3])}: {p.stderr.strip()[-400:]}"
    return elapsed, rss, err, cpu


class Acc:
    """One repetition of one command, summed over the packages of the layout."""

    def __init__(self):
        self.seconds, self.rss, self.error = 0.0, 0, None

    def add(self, result):
        s, r, e = result[:3]
        self.seconds += s
        self.rss = max(self.rss, r)
        self.error = self.error or e
        if e:
            log("   !", e)


def build_rlcm():
    """Builds rlcm and rlcm-remote, which rlcm runs for `serve` (and finds beside itself)."""
    for product in ["rlcm", "rlcm-remote"]:
        log(f"== swift build -c release --product {product}")
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=REPO, check=True)
    return os.path.join(REPO, ".build", "release", "rlcm")


def workspace(rlcm, scale, seed, layout, out, projects=gen.PROJECTS, recipe_kb=(gen.MIN_KB, gen.MAX_KB)):
    dest = os.path.join(out, "workspaces", f"{layout}-{scale}-seed{seed}" + ("" if projects == gen.PROJECTS else f"-{projects}projects")
                        + ("" if recipe_kb == (gen.MIN_KB, gen.MAX_KB) else "-kb" + "-".join(f"{k:g}" for k in sorted(set(recipe_kb)))))
    summary = os.path.join(dest, ".rlcm", "bench-generated.json")
    if os.path.exists(summary):
        log(f"== reusing {dest}")
        return dest, json.load(open(summary))
    log(f"== generating {scale} recipes ({layout}) in {dest}")
    start = time.perf_counter()
    s = gen.generate(rlcm, scale, seed, layout, dest, projects, recipe_kb)
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


def bumped(package, dest, by=1):
    """A copy of the package in which every recipe's top-level version is `by` higher, so that a
    re-import overwrites every recipe (re-importing identical bytes leaves recipes 'unchanged')."""
    pattern = re.compile(rb'\n  "version": (\d+),')
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".recipe.json"):
                data = pattern.sub(lambda m: b'\n  "version": ' + str(int(m.group(1)) + by).encode() + b",", data, count=1)
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


def targets(scales, serve=None, page=None):
    out = []
    def add(name, scale, value, limit, detail, at_least=False):
        out.append({"target": name, "scale": scale, "value": value, "limit": limit, "detail": detail,
                    "pass": None if value is None else (value >= limit if at_least else value <= limit)})
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
    if serve:
        i = serve["import"]
        for cache, c in i["caches"].items():
            add("api_import_vs_cli_import", f"{i['package']['recipes']} into {serve['recipes']}", c["api_vs_cli"], LIMITS["api_import_vs_cli_import"],
                f"API import (POST + poll) / rlcm import, fresh copies, {cache} usage cache")
    if page:
        series = {int(n): r for n, r in page["scales"].items()}
        at = series.get(PAGE_TARGET_SCALE)
        if at and "1" in at["clients"]:
            add("page_ms_one_client", PAGE_TARGET_SCALE, at["clients"]["1"]["latency_ms"]["p50"], LIMITS["page_ms_one_client"],
                "median ms of the page, one client")
        if at and "16" in at["clients"]:
            c = at["clients"]["16"]
            add("page_rps_16_clients", PAGE_TARGET_SCALE, c["requests_per_second"], LIMITS["page_rps_16_clients"], "requests/s, 16 clients", at_least=True)
            add("page_p99_ms_16_clients", PAGE_TARGET_SCALE, c["latency_ms"]["p99"], LIMITS["page_p99_ms_16_clients"], "p99 ms, 16 clients")
            add("page_errors_16_clients", PAGE_TARGET_SCALE, c["error_count"], LIMITS["page_errors_16_clients"], "errors of every kind, 16 clients")
            add("page_server_rss_mb", PAGE_TARGET_SCALE, at["server_peak_rss_mb"], LIMITS["page_server_rss_mb"], "server peak RSS (MB)")
        ns = sorted(series)
        if len(ns) > 1 and all("1" in series[n]["clients"] for n in (ns[0], ns[-1])):
            add("page_growth", f"{ns[-1]} vs {ns[0]}", ratio(series[ns[-1]]["clients"]["1"]["latency_ms"]["p50"], series[ns[0]]["clients"]["1"]["latency_ms"]["p50"]),
                LIMITS["page_growth"], f"median ms of the page, one client, at {ns[-1]} / at {ns[0]}")
    return out


# --- The serve section (issue 12): rlcm serve under load, and an API import against rlcm import. ---

class Server:
    """A real `rlcm serve -C WS --port 0`, started as a client would: the base URL is the end of its
    first stdout line. Access lines (stderr) go to LOG."""

    def __init__(self, rlcm, ws, log_path):
        self.out_path = log_path + ".stdout"
        self.out, self.err = open(self.out_path, "w"), open(log_path, "w")
        self.process = subprocess.Popen([rlcm, "serve", "-C", ws, "--port", "0"], stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        first = ""
        while time.monotonic() < deadline and self.process.poll() is None:
            first = open(self.out_path).read()
            if "\n" in first:
                break
            time.sleep(0.02)
        if " at " not in first.split("\n")[0]:
            self.stop()
            raise RuntimeError(f"rlcm serve did not announce itself: {first!r} {open(log_path).read()[-400:]}")
        self.url = first.split("\n")[0].rsplit(" at ", 1)[1].strip()

    def status(self, field):
        """A VmHWM/VmRSS-like field of /proc/PID/status, in KB."""
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.out.close()
        self.err.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def api(url, token, method, path, body=None, content_type="application/json"):
    """One request; returns (status, decoded JSON or None)."""
    request = urllib.request.Request(url + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    try:
        return status, json.loads(data) if data else None
    except ValueError:
        return status, None


def token(rlcm, ws):
    p = subprocess.run([rlcm, "-C", ws, "token", "create", "bench", "--json"], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)["token"]


def fresh_copy(src, dest):
    """A copy of the workspace at SRC (files, connector store and state), made with cp -a."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    subprocess.run(["cp", "-a", src, dest], check=True)
    lock = os.path.join(dest, ".rlcm", "lock")
    if os.path.exists(lock):
        os.remove(lock)


def walk_pages(url, tok, recipes):
    """Pages through every recipe once, one request at a time: warms the server (ids are given at
    the first listing) and checks that the listing covers the workspace, each id once."""
    ids, page, started = set(), 1, time.perf_counter()
    while True:
        status, body = api(url, tok, "GET", f"/api/recipes?per_page=100&page={page}")
        if status != 200:
            raise RuntimeError(f"GET /api/recipes page {page}: HTTP {status} {body}")
        items = body["items"]
        if not items:
            break
        ids.update(r["id"] for r in items)
        page += 1
    if len(ids) != recipes:
        raise RuntimeError(f"the listing has {len(ids)} distinct recipes, the workspace {recipes}")
    return page - 1, time.perf_counter() - started


def serve_listing(rlcm, ws, summary, scratch, args):
    copy = os.path.join(scratch, "listing")
    fresh_copy(ws, copy)
    tok = token(rlcm, copy)
    with Server(rlcm, copy, os.path.join(scratch, "listing.log")) as server:
        pages, walk_seconds = walk_pages(server.url, tok, summary["recipes"])
        log(f"   walked {pages} pages in {walk_seconds:.1f} s ({1000 * walk_seconds / pages:.0f} ms a page, one client)")
        cpu_before, load_before = server.cpu_seconds(), os.getloadavg()
        argv = ["wrk", "-t", str(args.serve_threads), "-c", str(args.serve_clients), "-d", f"{args.serve_seconds}s", "--timeout", "120s",
                "-s", os.path.join(HERE, "recipes.lua"), server.url, "--", tok, str(pages)]
        log("   " + " ".join(argv[:-3]) + " -- TOKEN " + str(pages))
        p = subprocess.run(argv, capture_output=True, text=True)
        cpu = server.cpu_seconds() - cpu_before
        peak = server.status("VmHWM")
    line = next((l for l in p.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if p.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {p.returncode}): {p.stderr.strip()[-400:]} {p.stdout[-400:]}")
    w = json.loads(line[len("BENCH_JSON "):])
    seconds = w["duration_us"] / 1e6
    ms = {k: round(v / 1000, 1) for k, v in w["latency_us"].items()}
    if not args.keep:
        shutil.rmtree(copy, ignore_errors=True)
    return {"request": "GET /api/recipes?per_page=100&page=1..%d" % pages, "pages": pages, "clients": args.serve_clients,
            "wrk_threads": args.serve_threads, "seconds": round(seconds, 2), "requests": w["requests"],
            "requests_per_second": round(w["requests"] / seconds, 2), "recipes_per_second": round(100 * w["requests"] / seconds, 1),
            "latency_ms": ms, "errors": w["errors"], "error_count": sum(w["errors"].values()),
            "bytes_per_response": round(w["bytes"] / max(1, w["requests"])), "server_cpu_seconds": round(cpu, 2),
            "server_cpu_ms_per_request": round(1000 * cpu / max(1, w["requests"]), 1), "server_peak_rss_mb": round(peak / 1024, 1),
            "one_client_walk_seconds": round(walk_seconds, 2), "one_client_ms_per_page": round(1000 * walk_seconds / pages, 1),
            "load_avg_before": load_before, "wrk": " ".join(argv[:-3]), "wrk_stdout": p.stdout.strip()}


def import_package(rlcm, scale, scratch, args):
    """The package to import: `rlcm export "Project 01"` of a generated workspace whose one project
    holds SCALE recipes (with its cross-project references to `Shared Connections`, which the served
    workspace has too). Its paths name no project of the served workspace but that one, so the whole
    project lands in the project it is imported into, as a project's package does."""
    src, summary = workspace(rlcm, scale, args.seed, "projects", args.out, projects=1)
    pkg = os.path.join(scratch, f"import-{scale}.zip")
    if not os.path.exists(pkg):
        subprocess.run([rlcm, "export", "Project 01", "-C", src, "-o", pkg], check=True, capture_output=True)
    with zipfile.ZipFile(pkg) as z:
        recipes = sum(1 for n in z.namelist() if n.endswith(".recipe.json"))
        expanded = sum(i.file_size for i in z.infolist())
    if recipes != summary["recipes"]:
        raise RuntimeError(f"{pkg} has {recipes} recipes, expected {summary['recipes']}")
    return pkg, {"recipes": recipes, "entries": len(zipfile.ZipFile(pkg).namelist()), "bytes": os.path.getsize(pkg), "expanded_bytes": expanded,
                 "source": f"rlcm export 'Project 01' of {os.path.basename(src)}"}


def imported_files(target):
    """Every file of the project imported into, with the SHA-256 of its bytes."""
    root = os.path.join(target, IMPORT_PROJECT)
    files = {}
    for d, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(d, name), "rb") as f:
                files[os.path.relpath(os.path.join(d, name), root)] = hashlib.sha256(f.read()).hexdigest()
    return files


def cli_import(rlcm, pkg, target):
    seconds, rss, err, cpu = measure([rlcm, "import", pkg, "--into", IMPORT_PROJECT, "-C", target])
    if err:
        raise RuntimeError(err)
    return {"seconds": round(seconds, 4), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(rss / 1024, 1)}


def api_import(rlcm, pkg, target, log_path, poll, recipes):
    """POSTs the package to the project's folder, then polls the job every POLL seconds until it is
    no longer in_progress: the time from the first byte sent to the answer that says it is done."""
    tok = token(rlcm, target)
    body = open(pkg, "rb").read()
    with Server(rlcm, target, log_path) as server:
        status, projects = api(server.url, tok, "GET", "/api/projects")
        folder = next(p["folder_id"] for p in projects if p["name"] == IMPORT_PROJECT)
        subprocess.run(["sync"])
        cpu = server.cpu_seconds()
        started = time.perf_counter()
        status, job = api(server.url, tok, "POST", f"/api/packages/import/{folder}", body, "application/zip")
        posted = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"POST /api/packages/import/{folder}: HTTP {status} {job}")
        polls = 0
        while job["status"] == "in_progress":
            time.sleep(poll)
            status, job = api(server.url, tok, "GET", f"/api/packages/{job['id']}")
            polls += 1
        seconds = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu
        peak = server.status("VmHWM")
    if job["status"] != "completed" or len(job.get("recipe_status") or []) != recipes:
        raise RuntimeError(f"API import job: {json.dumps(job)[:400]}")
    return {"seconds": round(seconds, 4), "post_seconds": round(posted, 4), "polls": polls, "server_cpu_seconds": round(cpu, 2),
            "server_peak_rss_mb": round(peak / 1024, 1)}


IMPORT_CACHES = {
    "cold": "the usage cache is empty: the import's dependency report parses every recipe of the target",
    "warm": "the usage cache is current (an untimed rlcm plan of the package filled it), as after any earlier plan or import",
}


def prepared_target(rlcm, ws, target, cache, pkg):
    """A fresh copy of the served workspace with an empty project to import into, and a usage cache
    (RLCM_CACHE_DIR, the run's own) that is empty, or filled by a plan of the package."""
    fresh_copy(ws, target)
    os.makedirs(os.path.join(target, IMPORT_PROJECT))
    shutil.rmtree(os.environ["RLCM_CACHE_DIR"], ignore_errors=True)
    os.makedirs(os.environ["RLCM_CACHE_DIR"])
    if cache == "warm":
        subprocess.run([rlcm, "plan", pkg, "--into", IMPORT_PROJECT, "-C", target], check=True, capture_output=True)


def serve_import(rlcm, ws, scratch, args):
    """REPS repetitions, with a cold and with a warm usage cache, of the same package imported into a
    fresh copy of the served workspace, once through the API and once with rlcm import (the order
    alternates between repetitions). Every import must write the same files, byte for byte."""
    pkg, package = import_package(rlcm, args.serve_import_recipes, scratch, args)
    log(f"   package {os.path.basename(pkg)}: {package['recipes']} recipes, {package['bytes'] / 2**20:.1f} MB zip, "
        f"{package['expanded_bytes'] / 2**20:.1f} MB expanded")
    runs = {cache: {"api": [], "cli": []} for cache in IMPORT_CACHES}
    first = None
    target = os.path.join(scratch, "import-target")
    for rep in range(args.reps):
        for cache in IMPORT_CACHES:
            for mode in (("cli", "api") if rep % 2 == 0 else ("api", "cli")):
                prepared_target(rlcm, ws, target, cache, pkg)
                load = os.getloadavg()
                if mode == "cli":
                    r = cli_import(rlcm, pkg, target)
                else:
                    r = api_import(rlcm, pkg, target, os.path.join(scratch, f"import-{cache}-{rep + 1}.log"), args.serve_poll, package["recipes"])
                r["load_avg_before"] = load
                runs[cache][mode].append(r)
                files = imported_files(target)
                first = first or files
                if files != first:
                    differ = sorted(set(files.items()) ^ set(first.items()))
                    raise RuntimeError(f"{mode} import ({cache}) wrote other files than the first import ({len(files)} vs {len(first)}): {differ[:3]}")
                log(f"   repetition {rep + 1}/{args.reps}, {cache} usage cache: {mode} import {r['seconds']:.2f} s")
    recipes = sum(1 for f in first if f.endswith(".recipe.json"))
    if recipes != package["recipes"]:
        raise RuntimeError(f"the import put {recipes} recipes into '{IMPORT_PROJECT}', the package has {package['recipes']}")
    if not args.keep:
        shutil.rmtree(target, ignore_errors=True)
    result = {"package": package, "into": f"an empty project '{IMPORT_PROJECT}' of a fresh copy of the served workspace",
              "files_imported": len(first), "poll_seconds": args.serve_poll, "caches": {}}
    for cache, meaning in IMPORT_CACHES.items():
        api_median = statistics.median(r["seconds"] for r in runs[cache]["api"])
        cli_median = statistics.median(r["seconds"] for r in runs[cache]["cli"])
        result["caches"][cache] = {
            "meaning": meaning, "api": runs[cache]["api"], "cli": runs[cache]["cli"],
            "median_api_seconds": round(api_median, 4), "median_cli_seconds": round(cli_median, 4),
            "median_api_post_seconds": round(statistics.median(r["post_seconds"] for r in runs[cache]["api"]), 4),
            "median_api_cpu_seconds": round(statistics.median(r["server_cpu_seconds"] for r in runs[cache]["api"]), 2),
            "median_cli_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs[cache]["cli"]), 2),
            "api_vs_cli": ratio(api_median, cli_median),
            # Each repetition's two imports ran one after the other: their ratio is less exposed to the
            # machine's speed drifting between repetitions.
            "paired_ratios": [ratio(a["seconds"], c["seconds"]) for a, c in zip(runs[cache]["api"], runs[cache]["cli"])]}
        result["caches"][cache]["median_paired_ratio"] = round(statistics.median(result["caches"][cache]["paired_ratios"]), 3)
    return result


def run_serve(rlcm, args):
    ws, summary = workspace(rlcm, args.serve_scale, args.seed, "projects", args.out)
    scratch = os.path.join(args.out, "scratch", f"serve-{args.serve_scale}")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    # The run's own usage cache: none of the user's, and none left by earlier runs at the same paths.
    os.environ["RLCM_CACHE_DIR"] = os.path.join(scratch, "cache")
    log(f"-- serve: GET /api/recipes on {summary['recipes']} recipes, {args.serve_clients} clients, {args.serve_seconds} s")
    listing = serve_listing(rlcm, ws, summary, scratch, args)
    log(f"   {listing['requests_per_second']} requests/s, p50 {listing['latency_ms']['p50']} ms, p99 {listing['latency_ms']['p99']} ms, "
        f"{listing['error_count']} errors")
    log(f"-- serve: API import of {args.serve_import_recipes} recipes vs rlcm import, {args.reps} repetitions")
    imports = serve_import(rlcm, ws, scratch, args)
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"recipes": summary["recipes"], "workspace": summary, "listing": listing, "import": imports}


def serve_table(serve):
    l, i = serve["listing"], serve["import"]
    lat = l["latency_ms"]
    rows = [(f"GET /api/recipes?per_page=100, {l['clients']} clients, {l['seconds']:.0f} s",
             f"{l['requests_per_second']:.1f} req/s  p50 {lat['p50']:.0f} ms  p99 {lat['p99']:.0f} ms  {l['error_count']} errors  "
             f"({l['requests']} requests, server {l['server_peak_rss_mb']:.0f} MB)")]
    for cache, c in i["caches"].items():
        rows += [(f"API import of {i['package']['recipes']:,} recipes, {cache} usage cache",
                  f"median {c['median_api_seconds']:.2f} s  (" + " ".join(f"{r['seconds']:.2f}" for r in c["api"]) + ")"),
                 (f"rlcm import of the same package, {cache} usage cache",
                  f"median {c['median_cli_seconds']:.2f} s  (" + " ".join(f"{r['seconds']:.2f}" for r in c["cli"]) + ")"),
                 (f"API / CLI, {cache} usage cache", f"{c['api_vs_cli']}x (limit {LIMITS['api_import_vs_cli_import']}); "
                  f"median of paired ratios {c['median_paired_ratio']}x; CPU {c['median_api_cpu_seconds']:.2f} s (server) vs "
                  f"{c['median_cli_cpu_seconds']:.2f} s (rlcm import)")]
    width = max(len(r[0]) for r in rows)
    return f"rlcm serve on {serve['recipes']:,} recipes\n" + "\n".join(f"  {a.ljust(width)}  {b}" for a, b in rows)


# --- The page series (issue 24): the same page of GET /api/recipes as the workspace grows. ---

def wrk_run(url, tok, clients, seconds, page):
    """wrk keeping CLIENTS connections busy asking for the one page PAGE; its BENCH_JSON line, decoded."""
    argv = ["wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "60s",
            "-s", os.path.join(HERE, "recipes.lua"), url, "--", tok, str(page), str(page)]
    p = subprocess.run(argv, capture_output=True, text=True)
    line = next((l for l in p.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if p.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {p.returncode}): {p.stderr.strip()[-400:]} {p.stdout[-400:]}")
    w = json.loads(line[len("BENCH_JSON "):])
    duration = w["duration_us"] / 1e6
    return {"clients": clients, "seconds": round(duration, 2), "requests": w["requests"], "requests_per_second": round(w["requests"] / duration, 1),
            "latency_ms": {k: round(v / 1000, 2) for k, v in w["latency_us"].items()}, "errors": w["errors"],
            "error_count": sum(w["errors"].values()), "bytes_per_response": round(w["bytes"] / max(1, w["requests"])),
            "wrk": " ".join(argv[:-3]) + f" -- TOKEN {page} {page}"}


def run_page(rlcm, args):
    """For each of --page-scales, a workspace of recipes aimed at --page-kb KB served by a real rlcm
    serve: one page (--page-number, 100 recipes) asked for by each of --page-clients for
    --page-seconds, after one request that warms the server (its catalog built and ids given)."""
    kb = (args.page_kb, args.page_kb)
    result = {"page": args.page_number, "per_page": 100, "recipe_kb": args.page_kb, "scales": {}}
    for n in [int(x) for x in args.page_scales.split(",")]:
        ws, summary = workspace(rlcm, n, args.seed, "projects", args.out, recipe_kb=kb)
        scratch = os.path.join(args.out, "scratch", f"page-{n}")
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        copy = os.path.join(scratch, "ws")
        fresh_copy(ws, copy)
        tok = token(rlcm, copy)
        path = f"/api/recipes?per_page=100&page={args.page_number}"
        with Server(rlcm, copy, os.path.join(scratch, "serve.log")) as server:
            started = time.perf_counter()
            status, body = api(server.url, tok, "GET", path)
            first = time.perf_counter() - started
            if status != 200 or len(body["items"]) != 100:
                raise RuntimeError(f"GET {path}: HTTP {status}, {len((body or {}).get('items', []))} recipes")
            row = {"recipes": summary["recipes"], "recipe_kb_median": summary["recipe_kb_median"], "workspace_bytes": summary["bytes"],
                   "first_request_seconds": round(first, 3), "server_rss_after_first_mb": round(server.status("VmRSS") / 1024, 1), "clients": {}}
            for clients in [int(c) for c in args.page_clients.split(",")]:
                load = os.getloadavg()
                cpu = server.cpu_seconds()
                r = wrk_run(server.url, tok, clients, args.page_seconds, args.page_number)
                r["load_avg_before"] = load
                r["server_cpu_ms_per_request"] = round(1000 * (server.cpu_seconds() - cpu) / max(1, r["requests"]), 2)
                row["clients"][str(clients)] = r
                log(f"   {n:,} recipes, {clients} clients: {r['requests_per_second']} req/s, p50 {r['latency_ms']['p50']} ms, "
                    f"p99 {r['latency_ms']['p99']} ms, {r['error_count']} errors")
            row["server_peak_rss_mb"] = round(server.status("VmHWM") / 1024, 1)
        result["scales"][str(n)] = row
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return result


def page_table(page):
    rows = [("recipes", "KB/recipe", "clients", "req/s", "p50 ms", "p99 ms", "errors", "server CPU ms/req", "first request s", "server peak MB")]
    for n, r in sorted(page["scales"].items(), key=lambda x: int(x[0])):
        for c, v in sorted(r["clients"].items(), key=lambda x: int(x[0])):
            rows.append((f"{int(n):,}", f"{r['recipe_kb_median']}", c, f"{v['requests_per_second']:.1f}", f"{v['latency_ms']['p50']:.1f}",
                         f"{v['latency_ms']['p99']:.1f}", str(v["error_count"]), f"{v['server_cpu_ms_per_request']:.1f}",
                         f"{r['first_request_seconds']:.2f}", f"{r['server_peak_rss_mb']:.0f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    head = f"GET /api/recipes?per_page=100&page={page['page']}, rlcm serve\n"
    return head + "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows)


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
    ap.add_argument("--sections", default="cli,serve",
                    help="cli: the commands against bsdtar at --scales; serve: rlcm serve at --serve-scale; page: the same page of "
                         "GET /api/recipes at --page-scales (default: cli,serve)")
    ap.add_argument("--serve-scale", type=int, default=10000, help="recipes in the served workspace (default 10000)")
    ap.add_argument("--serve-clients", type=int, default=16, help="concurrent connections of the listing load (default 16)")
    ap.add_argument("--serve-seconds", type=int, default=60, help="how long the listing load runs (default 60)")
    ap.add_argument("--serve-threads", type=int, default=1, help="wrk threads (default 1: the other core is the server's)")
    ap.add_argument("--serve-import-recipes", type=int, default=1000, help="recipes in the imported package (default 1000)")
    ap.add_argument("--serve-poll", type=float, default=0.05, help="seconds between polls of the import job (default 0.05)")
    ap.add_argument("--page-scales", default="1000,10000,50000", help="page: recipes in each served workspace (default 1000,10000,50000)")
    ap.add_argument("--page-kb", type=float, default=4.2,
                    help="page: the size the generator aims every recipe at, KB; they come out about 2 KB over, at a median near 6 KB (default 4.2)")
    ap.add_argument("--page-number", type=int, default=10, help="page: which page of 100 recipes is asked for (default 10)")
    ap.add_argument("--page-clients", default="1,16", help="page: concurrent connections, one wrk run each (default 1,16)")
    ap.add_argument("--page-seconds", type=int, default=20, help="page: how long each wrk run lasts (default 20)")
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    sections = [s for s in args.sections.split(",") if s]
    if not sections or any(s not in SECTIONS for s in sections):
        sys.exit(f"run.py: --sections takes a comma-separated list of {', '.join(SECTIONS)}, not '{args.sections}'")
    os.makedirs(args.out, exist_ok=True)
    tools = [(GNU_TIME, "time"), ("bsdtar", "libarchive-tools")] + ([("wrk", "wrk")] if "serve" in sections or "page" in sections else [])
    for tool, package in tools:
        if not shutil.which(tool):
            sys.exit(f"run.py: {tool} is missing (apt-get install -y {package})")
    rlcm = os.path.abspath(args.rlcm) if args.rlcm else os.path.join(REPO, ".build", "release", "rlcm")
    if not (os.path.exists(rlcm) and os.path.exists(os.path.join(os.path.dirname(rlcm), "rlcm-remote"))):
        rlcm = build_rlcm()
    started, host = time.time(), machine()
    scales = {}
    if "cli" in sections:
        for n in [int(s) for s in args.scales.split(",")]:
            scales[n] = run_scale(rlcm, n, args)
    serve = run_serve(rlcm, args) if "serve" in sections else None
    page = run_page(rlcm, args) if "page" in sections else None
    t = targets(scales, serve, page)
    result = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "machine": host,
              "config": {"sections": sections, "scales": sorted(scales), "reps": args.reps, "seed": args.seed, "layout": args.layout, "rlcm": rlcm,
                         "serve_scale": args.serve_scale if serve else None, "serve_clients": args.serve_clients,
                         "serve_seconds": args.serve_seconds, "serve_import_recipes": args.serve_import_recipes,
                         "page_scales": args.page_scales if page else None, "page_kb": args.page_kb, "page_number": args.page_number,
                         "page_clients": args.page_clients, "page_seconds": args.page_seconds},
              "wall_seconds": round(time.time() - started, 1), "load_avg_at_end": os.getloadavg(), "scales": {str(n): r for n, r in scales.items()},
              "serve": serve, "page": page, "limits": LIMITS, "targets": t}
    png = None if args.no_plot or not scales else plot(scales, args.out)
    result["plot"] = png
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)
    if scales:
        print(table(scales))
        print()
    if serve:
        print(serve_table(serve))
        print()
    if page:
        print(page_table(page))
        print()
    for x in t:
        mark = "n/a " if x["pass"] is None else ("PASS" if x["pass"] else "FAIL")
        print(f"{mark}  {x['target']:22s} {str(x['scale']):>15s}  {str(x['value']):>8s} (limit {x['limit']})  {x['detail']}")
    print(f"\nresults: {os.path.join(args.out, 'results.json')}" + (f"\nplot:    {png}" if png else ""))


if __name__ == "__main__":
    main()
