#!/usr/bin/env python3
"""README.md's walk: runs every ```console block of README.md, top to bottom, as a reader would.

    python3 scripts/readme_walk.py RLCM            # compare: exit 1 with a diff per command that drifted
    python3 scripts/readme_walk.py RLCM --update   # put the real outputs into README.md

Each `$ ` line of a console block is a command (a line ending with a backslash goes on), and the
lines after it, up to the next `$ `, are what it prints: stdout, then stderr, then `(exit status N)`
unless it exits 0. All commands run in one bash, in README order, starting in the repository root,
so state carries from block to block (files, `export`, `cd`, shell variables, a server in the
background). README's first console block copies the samples to /tmp/walk; here that folder is a
fresh temporary one, and its path is written back as /tmp/walk in what the commands print. `rlcm`
is RLCM (the build under test) whatever PATH says. What differs between runs is shown as a
placeholder, learned where it first appears and replaced everywhere after: the port `rlcm serve`
picked (http://127.0.0.1:<port>), API tokens (<token>), share links (<link>), listing ids (<listing>), library
uids (<uid>) and outbox messages (<message>). An output line that is only `…` stands for any
number of lines; `--update` keeps such a block when it still matches, else a trailing `…` keeps
that many first lines, and any other block is written whole (the script says which).
Blocks of other fences (```sh, ```text, ```json) are not run.
"""
import difflib, os, re, shutil, signal, subprocess, sys, tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(REPO, "README.md")
WALK = "/tmp/walk"
FENCE = re.compile(r"^( *)```console$")
# (placeholder, pattern whose group 1 is a value that differs between runs)
RANDOM = [
    ("http://127.0.0.1:<port>", re.compile(r"at (http://127\.0\.0\.1:\d+)$", re.M)),
    ("<token>", re.compile(r"\b(rlcm_[A-Za-z0-9_-]{43})\b")),
    ("<link>", re.compile(r"rlcm://links/([0-9a-f]{64})")),
    ("<listing>", re.compile(r"listing ([0-9a-f]{16})")),
    ("<uid>", re.compile(r"library connector ([0-9a-f]{32})")),
    ("<message>", re.compile(r"outbox/(\d+-[0-9a-f]{12})\.eml")),
]
ELISION = "…"


class Command:
    def __init__(self, block, line, text):
        self.block, self.line, self.text = block, line, text  # line: README line number of its `$ `
        self.expected = []  # output lines as README shows them


class Block:
    def __init__(self, start, end, indent):
        self.start, self.end, self.indent = start, end, indent  # README line indexes of the fences
        self.commands = []


def parse(lines):
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent = m.group(1)
        end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "```")
        block = Block(i, end, indent)
        body = [l[len(indent):] for l in lines[i + 1:end]]
        k = 0
        while k < len(body):
            if not body[k].startswith("$ "):
                sys.exit(f"README.md:{i + 2 + k}: a console block's lines follow a '$ ' command; use ```text for output alone")
            command = Command(block, i + 2 + k, body[k][2:])
            while body[k].endswith("\\"):
                k += 1
                command.text += "\n" + body[k]
            k += 1
            while k < len(body) and not body[k].startswith("$ "):
                command.expected.append(body[k])
                k += 1
            block.commands.append(command)
        blocks.append(block)
        i = end + 1
    return blocks


def run(commands, rlcm, temp):
    """Runs the commands in one bash; returns each one's transcript, normalized."""
    scratch, out = os.path.join(temp, "walk"), os.path.join(temp, "transcripts")
    os.makedirs(scratch)
    os.makedirs(out)
    script = [f"rlcm() {{ {quote(rlcm)} \"$@\"; }}"]
    for n, command in enumerate(commands):
        script.append("{ " + command.text.replace(WALK, scratch) + "\n} >%s 2>%s </dev/null; echo $? >%s"
                      % tuple(quote(f"{out}/{n}.{kind}") for kind in ("out", "err", "rc")))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RLCM_", "WORKATO_", "XDG_CONFIG_HOME"))}
    environment.update(RLCM_CACHE_DIR=os.path.join(temp, "cache"), LC_ALL="C.UTF-8")
    shell = subprocess.Popen(["bash", "-c", "\n".join(script)], cwd=REPO, env=environment, stdin=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        shell.wait(timeout=900)
    finally:  # a server the walk started and did not stop, or a walk that hangs, ends with it
        try:
            os.killpg(shell.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    seen, transcripts = {}, []
    for n in range(len(commands)):
        read = lambda kind: open(f"{out}/{n}.{kind}", encoding="utf-8", errors="replace").read() if os.path.exists(f"{out}/{n}.{kind}") else ""
        status = read("rc").strip() or "(not run)"
        text = read("out") + read("err") + ("" if status == "0" else f"(exit status {status})\n")
        text = text.replace(os.path.realpath(scratch), WALK).replace(scratch, WALK)
        for placeholder, pattern in RANDOM:
            for value in pattern.findall(text):
                seen.setdefault(value, placeholder)
        for value, placeholder in seen.items():
            text = re.sub(re.escape(value) + "(?= )", placeholder.ljust(len(value)), text)  # table columns keep their width
            text = text.replace(value, placeholder)
        transcripts.append(text.rstrip("\n").split("\n") if text else [])
    return transcripts


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def matches(expected, actual):
    pattern = "".join("(?:[^\n]*\n)*?" if line.strip() == ELISION else re.escape(line + "\n") for line in expected)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def updated(command, actual):
    """The lines README should show for `command` now."""
    elisions = [i for i, line in enumerate(command.expected) if line.strip() == ELISION]
    if not elisions or matches(command.expected, actual):
        return actual if not elisions else command.expected
    if elisions == [len(command.expected) - 1]:
        return actual[:len(command.expected) - 1] + [command.expected[-1]]
    print(f"README.md:{command.line}: '{command.text}' is shown whole now; put its '…' back by hand")
    return actual


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rlcm, update = os.path.abspath(sys.argv[1]), "--update" in sys.argv[2:]
    lines = open(README, encoding="utf-8").read().split("\n")
    blocks = parse(lines)
    commands = [c for b in blocks for c in b.commands]
    temp = tempfile.mkdtemp(prefix="rlcm-readme-walk-")
    try:
        transcripts = run(commands, rlcm, temp)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    if update:
        for block in reversed(blocks):
            body = []
            for command, actual in zip(block.commands, transcripts[commands.index(block.commands[0]):]):
                body += ["$ " + command.text.split("\n")[0]] + command.text.split("\n")[1:] + updated(command, actual)
            lines[block.start + 1:block.end] = [block.indent + l if l else l for l in body]
        open(README, "w", encoding="utf-8").write("\n".join(lines))
        print(f"README.md: {len(commands)} commands of {len(blocks)} console blocks rerun")
        return
    drifted = 0
    for command, actual in zip(commands, transcripts):
        if matches(command.expected, actual):
            continue
        drifted += 1
        diff = difflib.unified_diff(command.expected, actual, f"README.md:{command.line}", "now", lineterm="")
        print(f"$ {command.text}\n" + "\n".join(diff) + "\n")
    if drifted:
        print(f"{drifted} of {len(commands)} README commands print something else now; if that is meant, "
              "scripts/refresh-readme (or RLCM_UPDATE_GOLDEN=1 swift test --filter GoldenTests) puts the real outputs in")
        sys.exit(1)
    print(f"README.md: all {len(commands)} commands of {len(blocks)} console blocks print what it shows")


if __name__ == "__main__":
    main()
