#!/usr/bin/env python3
"""Where a small import's CPU goes: `perf record -g` over RUNS imports of one package into fresh
copies of an empty workspace, each sample counted where its stack is.

    python3 bench/profile.py RLCM [--runs 40] [--scale 1000] [--project "Project 01"] [--frequency 15000]

The package is PROJECT exported from the generated SCALE-recipe workspace (bench/out/workspaces,
made by run.py), as in startup.py. Needs `perf` (Debian's `linux-perf`) and a release build,
whose symbols name the stacks. Prints, for the samples of the rlcm processes, each category's
share and its milliseconds of CPU a run. A sample whose innermost frame is in the kernel counts
for the kernel, by the system call it is in; the others by the first category, in the table's
order, that a frame of their stack matches. The milliseconds are perf's: sampling this often
slows the process it samples, so compare shares, not times, with other measurements.
"""
import argparse, os, re, shutil, subprocess, sys
from collections import Counter

import startup  # the package and the empty workspace, made as startup.py makes them

# (label, pattern on a kernel stack's frames): the first that matches counts the sample.
KERNEL = [
    ("opening and creating files (openat)", r"__x64_sys_openat|do_sys_openat2"),
    ("making folders (mkdir)", r"__x64_sys_mkdir|do_mkdirat"),
    ("starting writeback (sync_file_range)", r"sync_file_range"),
    ("renames", r"__x64_sys_rename|do_renameat2"),
    ("flushes (syncfs, fsync)", r"__x64_sys_syncfs|__x64_sys_fsync"),
    ("reads and writes", r"ksys_p?(read|write)|vfs_(read|write)"),
    ("file status (stat)", r"newfstatat|statx"),
    ("mapping memory (mmap, madvise, ...)", r"mmap|munmap|madvise|mprotect"),
    ("page faults", r"asm_exc_page_fault"),
    ("other system calls", r"do_syscall_64"),
]
# (label, pattern on a user stack's frames).
USER = [
    ("the package scan (AssetLinks.scan)", r"AssetLinksV4scan"),
    ("conformance scans (Swift runtime)", r"conformsToProtocol"),
    ("ArgumentParser", r"14ArgumentParser"),
    ("SHA-256", r"sha256_block|SHA256"),
    ("inflating (zlib)", r"\binflate|crc32"),
    ("malloc and free", r"^(malloc|free|_int_malloc|_int_free|cfree|realloc)\b"),
]


def samples(perf_data, command):
    """Each sample's frames of the processes named `command`, innermost first, as (address,
    symbol) pairs."""
    out = subprocess.run(["perf", "script", "-i", perf_data, "--comm", command, "-F", "ip,sym"],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("\n\n"):
        frames = [line.strip().split(" ", 1) for line in block.strip().splitlines() if line.strip()]
        if frames:
            yield [(f[0], f[1] if len(f) > 1 else "") for f in frames]


def category(frames):
    if frames[0][0].startswith("ffffffff"):
        for label, pattern in KERNEL:
            if any(re.search(pattern, symbol) for _, symbol in frames):
                return "kernel: " + label
        return "kernel: other (interrupts, the scheduler)"
    for label, pattern in USER:
        if any(re.search(pattern, symbol) for _, symbol in frames):
            return label
    return "other user code"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    startup.package_arguments(ap, runs=40)
    ap.add_argument("--frequency", type=int, default=15000, help="samples a second (default 15000)")
    args = ap.parse_args()
    if not shutil.which("perf"):
        sys.exit("no perf: apt-get install linux-perf")
    rlcm, workspace, scratch = startup.small_import(args)
    try:
        # One shell runs every import, so that perf follows them all; the copies are not rlcm's.
        loop = f"""for i in $(seq {args.runs}); do
            rm -rf "$S/production" "$S/cache"; cp -a "$S/empty" "$S/production"; sync
            RLCM_CACHE_DIR="$S/cache" "$RLCM" import "$S/package.zip" --into "$PROJECT" -C "$S/production" >/dev/null
        done"""
        data = os.path.join(scratch, "perf.data")
        subprocess.run(["perf", "record", "-q", "-g", "-F", str(args.frequency), "-o", data, "--", "sh", "-c", loop],
                       env=dict(os.environ, S=scratch, RLCM=rlcm, PROJECT=args.project), check=True)
        # A process's name is its executable's, cut to the kernel's 15 characters.
        counts = Counter(category(frames) for frames in samples(data, os.path.basename(rlcm)[:15]))
        total = sum(counts.values())
        if total == 0:
            sys.exit("perf recorded no sample of rlcm (perf_event_paranoid? try: sysctl kernel.perf_event_paranoid=1)")
        per_run_ms = lambda n: n / args.frequency / args.runs * 1000
        print(f"{args.project} of {workspace}, {args.runs} imports, {total:,} samples of rlcm "
              f"({per_run_ms(total):.0f} ms of CPU a run)")
        kernel = sum(n for label, n in counts.items() if label.startswith("kernel: "))
        print(f"{'where':48s} {'share':>7s} {'ms a run':>9s}")
        print(f"{'the kernel, in all':48s} {100 * kernel / total:6.1f}% {per_run_ms(kernel):9.1f}")
        order = ["kernel: " + label for label, _ in KERNEL] + ["kernel: other (interrupts, the scheduler)"] + [label for label, _ in USER] + ["other user code"]
        for label in order:
            if counts[label]:
                print(f"{label.replace('kernel: ', '  - '):48s} {100 * counts[label] / total:6.1f}% {per_run_ms(counts[label]):9.1f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
