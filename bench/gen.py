#!/usr/bin/env python3
"""Synthetic rlcm workspaces for the benchmarks (issue 5).

    python3 bench/gen.py --rlcm PATH --scale 1000 [--seed 5] [--layout projects|single] [--projects 20]
                         [--recipe-kb MIN[,MAX]] --dest DIR

A workspace holds SCALE recipes spread over 20 projects ("Project 01" .. "Project 20"; --projects
changes how many) plus a "Shared Connections" project. With --layout single the 20 projects and the shared connections are
top-level folders of ONE project "All" instead, so that one export packs everything.

Recipes look like real exports: a trigger and a tree of actions nested in if/elsif/else,
foreach, try/catch and repeat blocks, data pills to earlier steps, extended input/output
schemas, config[] entries with connections (standard apps, custom connectors with
`custom: true`), and callable recipes referenced through `flow_id`. Sizes are log-uniform in
15-140 KB (--recipe-kb changes the range; one number makes every recipe about that size); a recipe grows by whole steps until it reaches its size, so the padding is ordinary
step input and schema, not noise. Custom connectors (6, with 3-4 versions each, released) are
created with `rlcm connector push`; recipes use the provider keys that the pushes return.

Everything else is written directly, in parallel over the CPUs. Output is deterministic for a
given scale, seed and layout.
"""
import argparse, json, math, os, random, shutil, struct, subprocess, sys, zlib
from concurrent.futures import ProcessPoolExecutor

PROJECTS = 20
INDENT_BASE, INDENT_STEP = 1.45 * 1.06, 0.2 * 1.06  # pretty-printed / compact size of a step at a nesting depth (calibrated)
MIN_KB, MAX_KB = 15, 140

CONNECTORS = [  # title, slug, actions, triggers
    ("Acme ERP", "acme_erp", ["get_order", "update_order_status", "get_invoice", "search_customers", "create_credit_note"], ["new_order", "updated_invoice"]),
    ("Parcel Tracker", "parcel_tracker", ["create_label", "track_parcel", "cancel_shipment"], ["parcel_delivered"]),
    ("Ledger Pro", "ledger_pro", ["post_journal_entry", "get_account_balance", "close_period"], ["new_journal_entry"]),
    ("HR Hub", "hr_hub", ["get_employee", "update_employee", "list_departments", "create_leave_request"], ["new_hire", "employee_terminated"]),
    ("Ticket Desk", "ticket_desk", ["create_ticket", "add_comment", "search_tickets", "close_ticket"], ["new_ticket"]),
    ("Inventory Cloud", "inventory_cloud", ["get_stock_level", "reserve_stock", "adjust_stock"], ["low_stock"]),
]
STANDARD = [  # provider, connection title, actions, triggers
    ("salesforce", "Salesforce", ["search_sobjects", "update_sobject", "create_sobject", "upsert_sobject", "get_sobject_by_id"], ["updated_custom_object", "new_sobject"]),
    ("netsuite", "NetSuite", ["search_records", "add_record", "update_record", "get_record"], ["new_record"]),
    ("jira", "Jira", ["create_issue", "update_issue", "search_issues_jql", "add_comment"], ["new_issue", "updated_issue"]),
    ("google_sheets", "Google Sheets", ["add_spreadsheet_row", "search_spreadsheet_rows_new", "update_spreadsheet_row"], ["new_spreadsheet_row"]),
    ("zendesk", "Zendesk", ["search_tickets", "update_ticket", "create_ticket"], ["new_ticket"]),
    ("snowflake", "Snowflake", ["select_rows", "insert_rows", "run_custom_sql"], ["new_row_scheduled"]),
]
SHARED = [("slack", "Ops Slack", "ops_slack", ["post_message", "post_reply"]),
          ("email", "Notifications mailer", "notifications_mailer", ["send_mail"])]
BUILTIN = [("logger", "log_message"), ("workato_variable", "declare_list"), ("workato_variable", "update_variables"),
           ("workato_list", "accumulate_items"), ("utility", "parse_json"), ("lookup_table", "lookup_entry")]
FOLDERS = ["orders", "billing/invoices", "billing/payments", "customers", "support", "sync/nightly", "sync/realtime", "reporting"]
NOUNS = ["account", "order", "invoice", "customer", "contact", "shipment", "ticket", "employee", "payment", "product",
         "opportunity", "lead", "refund", "subscription", "vendor", "purchase_order", "journal_entry", "case", "asset", "quote"]
FIELDS = ["id", "name", "status", "created_at", "updated_at", "owner_id", "email", "phone", "amount", "currency", "due_date",
          "description", "external_id", "billing_street", "billing_city", "billing_postal_code", "billing_country",
          "shipping_method", "line_items", "quantity", "unit_price", "discount", "tax_rate", "total", "notes", "priority",
          "assignee", "tags", "region", "sku", "warehouse", "tracking_number", "carrier", "department", "manager_id",
          "start_date", "end_date", "reference", "memo", "approval_state", "source_system", "sync_token", "record_type"]
TYPES = [("string", "text"), ("string", "text-area"), ("integer", "integer"), ("number", "number"), ("date_time", "date_time"),
         ("boolean", "checkbox"), ("date", "date")]
VERBS = ["Sync", "Create", "Update", "Reconcile", "Notify about", "Archive", "Enrich", "Route", "Validate", "Export"]


def label(name):
    return name.replace("_", " ").capitalize()


def pill(provider, line, path):
    body = json.dumps({"pill_type": "output", "provider": provider, "line": line, "path": path}, separators=(",", ":"))
    return "#{_dp('" + body + "')}"


def ref(zip_name, name, **extra):
    return {"zip_name": zip_name, "name": name, "folder": os.path.dirname(zip_name), **extra}


class Recipe:
    """Builds one recipe's step tree until it reaches a byte size."""

    def __init__(self, rng, apps, callables, target):
        self.rng, self.apps, self.callables, self.target = rng, apps, callables, target
        self.number, self.size, self.lines, self.used, self.depth = 0, 600, [], {}, 0

    def uuid(self):
        return "%08x-%04x-4%03x-8%03x-%012x" % (self.rng.getrandbits(32), self.rng.getrandbits(16), self.rng.getrandbits(12),
                                                self.rng.getrandbits(12), self.rng.getrandbits(48))

    def schema(self, n, depth=0):
        fields = []
        for name in self.rng.sample(FIELDS, n):
            t, control = self.rng.choice(TYPES)
            f = {"control_type": control, "label": label(name), "name": name, "type": t, "optional": self.rng.random() < 0.7}
            if self.rng.random() < 0.3:
                f["hint"] = f"The {label(name).lower()} as stored in the source system."
            if depth == 0 and self.rng.random() < 0.12:
                f = {"label": label(name), "name": name, "type": "array", "of": "object", "optional": True,
                     "properties": self.schema(self.rng.randint(2, 5), depth + 1)}
            fields.append(f)
        return fields

    def a_pill(self):
        if not self.lines:
            return "static value"
        provider, line, fields = self.rng.choice(self.lines)
        return pill(provider, line, [self.rng.choice(fields)])

    def value(self):
        r = self.rng.random()
        if r < 0.55:
            return self.a_pill()
        if r < 0.75:
            return f"{self.a_pill()} - {self.a_pill()}"
        if r < 0.9:
            return "=" + self.a_pill() + ".present? ? " + self.a_pill() + " : nil"
        return self.rng.choice(["true", "false", "USD", "EUR", "in_progress", "2024-01-01", "1", "100"])

    def step(self, keyword, provider, name, input_, block=None, out_fields=None):
        line = self.uuid()[:8]
        s = {"number": self.number, "provider": provider, "name": name, "as": line, "title": None}
        if name:
            s["description"] = f"<span class=\"provider\">{label(name)}</span> in <span class=\"provider\">{provider}</span>"
        s.update({"keyword": keyword, "dynamicPickListSelection": {}, "toggleCfg": {}, "input": input_})
        if block is not None:
            s["block"] = block
        if out_fields:
            schema = self.schema(len(out_fields) if len(out_fields) < len(FIELDS) else 8)
            s["extended_output_schema"] = schema
            self.lines.append((provider, line, [f["name"] for f in schema]))
        s["uuid"] = self.uuid()
        self.number += 1
        self.count(s)
        return s

    def count(self, part):
        """Adds the pretty-printed size of a step (children excluded) to the running size, from its compact size."""
        self.size += int((INDENT_BASE + INDENT_STEP * self.depth) * len(json.dumps({k: v for k, v in part.items() if k != "block"}, ensure_ascii=False)))

    def action(self):
        provider, actions = self.rng.choice(self.apps)
        self.used[provider] = True
        fields = self.rng.sample(FIELDS, self.rng.randint(3, 10))
        input_ = {f: self.value() for f in fields}
        if self.rng.random() < 0.3:
            input_["sobject_name"] = self.rng.choice(NOUNS)
        s = self.step("action", provider, self.rng.choice(actions), input_, out_fields=fields)
        if self.rng.random() < 0.35:
            s["extended_input_schema"] = self.schema(len(fields))
            self.count({"extended_input_schema": s["extended_input_schema"]})
        return s

    def call(self):
        zip_name, name, folder_full = self.rng.choice(self.callables)
        self.used["workato_recipe_function"] = True
        return self.step("action", "workato_recipe_function", "call_recipe", {
            "flow_id": ref(zip_name, name, folder_full_path=folder_full),
            "parameters": {f: self.a_pill() for f in self.rng.sample(FIELDS, 3)}}, out_fields=["result"])

    def builtin(self):
        provider, name = self.rng.choice(BUILTIN)
        self.used[provider] = True
        return self.step("action", provider, name, {"message": self.value(), "level": "info"})

    def condition(self):
        return {"operand": "and", "conditions": [
            {"operand": self.rng.choice(["present", "equals_to", "greater_than", "contains"]), "lhs": self.a_pill(),
             "rhs": self.rng.choice(["", "closed", "0", "EU"]), "uuid": self.uuid()} for _ in range(self.rng.randint(1, 3))]}

    def block(self, depth):
        steps = []
        for _ in range(self.rng.randint(2, 6)):
            if self.size >= self.target:
                break
            steps.append(self.any(depth))
        self.depth = depth
        return steps or [self.action()]

    def any(self, depth):
        self.depth = depth
        r = self.rng.random()
        if depth < 4 and r < 0.14:
            return self.step("if", None, None, self.condition(), self.block(depth + 1))
        if depth < 4 and r < 0.20:
            return self.step("foreach", None, None, {"source": self.a_pill()}, self.block(depth + 1))
        if depth < 3 and r < 0.24:
            body = self.block(depth + 1)
            return self.step("try", None, None, {}, body + [self.step("catch", None, None, {"max_retry_count": "2", "retry_interval": "5"}, [self.builtin()])])
        if depth < 4 and r < 0.26:
            return self.step("repeat", None, None, {}, self.block(depth + 1) + [self.step("while_condition", None, None, self.condition())])
        if self.callables and r < 0.33:
            return self.call()
        if r < 0.42:
            return self.builtin()
        return self.action()

    def build(self, trigger):
        kind, provider, name = trigger
        self.used[provider] = True
        if kind == "callable":
            params = self.schema(5)
            t = self.step("trigger", provider, "execute", {"parameters_schema_json": json.dumps(params), "result_schema_json": json.dumps(self.schema(3))})
            self.lines.append((provider, t["as"], ["parameters"]))
        else:
            t = self.step("trigger", provider, name, {"since": "#{1.day.ago}"}, out_fields=self.rng.sample(FIELDS, 10))
        body = []
        while self.size < self.target:
            body.append(self.any(0))
        t["block"] = body
        return t


def png(seed):
    """A small valid PNG logo."""
    rng = random.Random(seed)
    w = h = 48
    color = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\0" + color * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def ruby(title, slug, actions, triggers, version):
    """A plausible connector source, growing with the version."""
    out = [f"{{\n  title: '{title}',\n  # version {version}\n  connection: {{\n    fields: [\n"
           "      { name: 'subdomain', control_type: 'subdomain', url: '.example.com' },\n"
           "      { name: 'api_key', control_type: 'password' }\n    ],\n"
           "    authorization: {\n      type: 'custom_auth',\n      apply: lambda do |connection|\n"
           "        headers('Authorization': \"Bearer #{connection['api_key']}\")\n      end\n    },\n"
           "    base_uri: lambda do |connection|\n      \"https://#{connection['subdomain']}.example.com/api/v2/\"\n    end\n  },\n"
           "  test: lambda do |_connection|\n    get('me')\n  end,\n  actions: {\n"]
    for i, a in enumerate(actions[: 2 + version]):
        fields = FIELDS[i * 3: i * 3 + 8]
        out.append(f"    {a}: {{\n      title: '{label(a)}',\n      input_fields: lambda do |_object_definitions|\n        [\n")
        out += [f"          {{ name: '{f}', optional: {str(j > 0).lower()} }},\n" for j, f in enumerate(fields)]
        out.append(f"        ]\n      end,\n      execute: lambda do |_connection, input|\n        post('{a.split('_')[-1]}s', input)\n"
                   "      end,\n      output_fields: lambda do |object_definitions|\n        object_definitions['record']\n      end\n    },\n")
    out.append("  },\n  triggers: {\n")
    for t in triggers:
        out.append(f"    {t}: {{\n      poll: lambda do |_connection, _input, cursor|\n        page = get('events', since: cursor)\n"
                   "        { events: page['items'], next_poll: page['cursor'], can_poll_more: page['more'] }\n      end,\n"
                   "      dedup: lambda do |event|\n        event['id']\n      end\n    },\n")
    out.append("  },\n  object_definitions: {\n    record: {\n      fields: lambda do\n        [\n")
    out += [f"          {{ name: '{f}' }},\n" for f in FIELDS]
    out.append("        ]\n      end\n    }\n  }\n}\n")
    return "".join(out)


def push_connectors(rlcm, ws, src):
    """Creates the custom connectors with rlcm; returns {slug: provider_key}."""
    os.makedirs(src, exist_ok=True)
    keys = {}
    for c, (title, slug, actions, triggers) in enumerate(CONNECTORS):
        versions = 3 + c % 2
        with open(os.path.join(src, f"{slug}.png"), "wb") as f:
            f.write(png(c))
        with open(os.path.join(src, f"{slug}.txt"), "w") as f:
            f.write(f"{title}: orders, records and events. Support: integrations@example.com\n")
        for v in range(1, versions + 1):
            code = os.path.join(src, f"{slug}_v{v}.rb")
            with open(code, "w") as f:
                f.write(ruby(title, slug, actions, triggers, v))
            args = [rlcm, "connector", "push", "-C", ws, "--title", title, "--code", code, "--note", f"Version {v}: {', '.join(actions[: 2 + v])}",
                    "--release", "--json"]
            if v == 1:
                args += ["--logo", os.path.join(src, f"{slug}.png"), "--description", os.path.join(src, f"{slug}.txt")]
            keys[slug] = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)["provider_key"]
    return keys


def write(path, document):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    with open(path, "w") as f:
        f.write(data)
    return len(data.encode())


def snake(text):
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")


def project(job):
    """Writes one project's connections and recipes; returns (recipes, bytes)."""
    ws, layout, index, count, first, seed, keys, (min_kb, max_kb) = job
    name = f"Project {index + 1:02d}"
    rng = random.Random(seed * 1000 + index)
    if layout == "single":
        root, prefix, full = os.path.join(ws, "All", name), name + "/", f"Home/All/{name}"
    else:
        root, prefix, full = os.path.join(ws, name), "", f"Home/{name}"
    total = 0
    # Connections: three standard apps, two custom connectors, and the shared ones by reference.
    apps, config = [], {}
    for provider, title, actions, triggers in rng.sample(STANDARD, 3):
        z = f"connections/{snake(title)}_{index + 1:02d}.connection.json"
        total += write(os.path.join(root, z), {"name": f"{title} ({name})", "provider": provider, "root_folder": False})
        apps.append((provider, actions, triggers))
        config[provider] = ref(prefix + z, f"{title} ({name})")
    for title, slug, actions, triggers in rng.sample(CONNECTORS, 2):
        z = f"connections/{slug}_{index + 1:02d}.connection.json"
        total += write(os.path.join(root, z), {"name": f"{title} ({name})", "provider": ref(f"{slug}.custom_adapter.json", title, folder=""), "root_folder": False})
        apps.append((keys[slug], actions, triggers))
        config[keys[slug]] = ref(prefix + z, f"{title} ({name})", custom=True)
    for provider, title, slug, actions in SHARED:
        apps.append((provider, actions, []))
        config[provider] = ref(f"Shared Connections/{slug}.connection.json", title)
    # Recipes: the first tenth are callable (workato_recipe_function triggers), the rest call them.
    callables, recipe_sizes = [], []
    for i in range(count):
        number = first + i
        folder = FOLDERS[i % len(FOLDERS)]
        verb, noun = VERBS[number % len(VERBS)], NOUNS[(number // len(VERBS)) % len(NOUNS)]
        callable_ = i < max(1, count // 10)
        title = f"{'Handle' if callable_ else verb} {label(noun).lower()} {number:05d}"
        z = f"{folder}/{snake(title)}.recipe.json"
        r = random.Random(seed * 1_000_003 + number)
        target = int(1024 * math.exp(r.uniform(math.log(min_kb), math.log(max_kb))))
        builder = Recipe(r, [(p, a) for p, a, _ in apps], callables, target)
        if callable_:
            trigger = ("callable", "workato_recipe_function", "execute")
        else:
            provider, _, triggers = r.choice([a for a in apps if a[2]])
            trigger = ("app", provider, r.choice(triggers))
        code = builder.build(trigger)
        cfg = [{"keyword": "application", "provider": p, "skip_validation": False, "account_id": config.get(p)} for p in builder.used]
        doc = {"name": title, "description": f"{title}: keeps {noun.replace('_', ' ')} records in step across systems.",
               "version": r.randint(1, 40), "private": True, "concurrency": 1, "code": code, "config": cfg}
        size = write(os.path.join(root, z), doc)
        total += size
        recipe_sizes.append(size)
        if callable_:
            callables.append((prefix + z, title, f"{full}/{os.path.dirname(z)}"))
    return count, total, recipe_sizes


def generate(rlcm, scale, seed, layout, dest, projects=PROJECTS, recipe_kb=(MIN_KB, MAX_KB)):
    tmp = dest + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([rlcm, "init", tmp, "--name", f"Bench sandbox {scale}", "--environment", "sandbox", "--data-center", "us"], check=True, capture_output=True)
    keys = push_connectors(rlcm, tmp, os.path.join(tmp + ".sources"))
    shutil.rmtree(tmp + ".sources", ignore_errors=True)
    shared = os.path.join(tmp, "All", "Shared Connections") if layout == "single" else os.path.join(tmp, "Shared Connections")
    for provider, title, slug, _ in SHARED:
        write(os.path.join(shared, f"{slug}.connection.json"), {"name": title, "provider": provider, "root_folder": False})
    per, extra = divmod(scale, projects)
    jobs, first = [], 0
    for p in range(projects):
        count = per + (1 if p < extra else 0)
        jobs.append((tmp, layout, p, count, first, seed, keys, recipe_kb))
        first += count
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(project, jobs))
    sizes = sorted(s for _, _, ss in results for s in ss)
    summary = {"scale": scale, "seed": seed, "layout": layout, "projects": projects, "recipes": sum(r[0] for r in results),
               "bytes": sum(r[1] for r in results), "recipe_kb_min": round(sizes[0] / 1024, 1), "recipe_kb_median": round(sizes[len(sizes) // 2] / 1024, 1),
               "recipe_kb_max": round(sizes[-1] / 1024, 1), "connectors": len(CONNECTORS), "provider_keys": keys}
    with open(os.path.join(tmp, ".rlcm", "bench-generated.json"), "w") as f:
        json.dump(summary, f, indent=2)
    lock = os.path.join(tmp, ".rlcm", "lock")
    if os.path.exists(lock):
        os.remove(lock)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rlcm", required=True)
    ap.add_argument("--scale", type=int, required=True)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--layout", choices=["projects", "single"], default="projects")
    ap.add_argument("--projects", type=int, default=PROJECTS)
    ap.add_argument("--recipe-kb", default=f"{MIN_KB},{MAX_KB}", help="recipe sizes in KB: MIN,MAX (log-uniform) or one size")
    ap.add_argument("--dest", required=True)
    a = ap.parse_args()
    print(json.dumps(generate(os.path.abspath(a.rlcm), a.scale, a.seed, a.layout, os.path.abspath(a.dest), a.projects,
                              recipe_kb_range(a.recipe_kb)), indent=2))


def recipe_kb_range(text):
    """`6` or `15,140` as (min, max) KB."""
    sizes = [float(x) for x in text.split(",")]
    return (sizes[0], sizes[-1])


if __name__ == "__main__":
    main()
