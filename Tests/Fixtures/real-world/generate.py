#!/usr/bin/env python3
"""Writes the real-world fixture packages: small zips that reproduce, fact by fact, the section
"What real exports look like" of ../shared/reference/package-format.md (see README.md here).

    python3 Tests/Fixtures/real-world/generate.py [OUTPUT_FOLDER]

Python 3 standard library only, and deterministic: two runs write byte-identical zips.

The zips are written the way the platform writes them, so Python's zipfile is not used (it sets
the UTF-8 flag for non-ASCII names by itself): Deflate, "version made by" 5.2 on Unix, files
mode 0644, directory entries (stored, mode 0755, MS-DOS directory bit) only for folders that
directly contain files, no extra fields, no zip comment, one fixed DOS time, and UTF-8 names
with the UTF-8 flag (general-purpose bit 11) clear.

The JSON text is written by `ruby_json` as Ruby's `JSON.pretty_generate` writes it (two-space
indent, no trailing newline, raw UTF-8, floats with `.0`; empty containers either as the older
generator wrote them, `{\\n    }` and `[\\n\\n    ]`, or as `{}` and `[]`), and by `resaved_json`
as a Go tool re-saves an export (keys sorted, `<`, `>` and `&` escaped, a trailing newline).
"""
import hashlib
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# 2026-01-13 09:32:00, the one timestamp of every entry.
DOS_TIME = (9 << 11) | (32 << 5) | 0
DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 13
MADE_BY_UNIX_5_2 = (3 << 8) | 52
NEEDED = 20
FILE_ATTRIBUTES = 0o100644 << 16
FOLDER_ATTRIBUTES = (0o040755 << 16) | 0x10


# ---------------------------------------------------------------------------------------------
# The zip, as the platform writes it
# ---------------------------------------------------------------------------------------------

def deflate(data):
    compressor = zlib.compressobj(wbits=-15)
    return compressor.compress(data) + compressor.flush()


def zip_bytes(files):
    """A zip of `files` ({raw name bytes: content bytes}): root files first, then each folder that
    directly holds files, as a directory entry followed by its files, all sorted by name bytes."""
    by_folder = {}
    for name, data in files.items():
        by_folder.setdefault(name.rpartition(b"/")[0], []).append((name, data))
    ordered = []
    for folder in sorted(by_folder):
        if folder:
            ordered.append((folder + b"/", None))
        ordered.extend(sorted(by_folder[folder]))
    local, central = bytearray(), bytearray()
    for name, data in ordered:
        offset = len(local)
        if data is None:
            method, stored, crc, size, attributes = 0, b"", 0, 0, FOLDER_ATTRIBUTES
        else:
            method, stored, crc, size, attributes = 8, deflate(data), zlib.crc32(data), len(data), FILE_ATTRIBUTES
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, NEEDED, 0, method, DOS_TIME, DOS_DATE,
                             crc, len(stored), size, len(name), 0) + name + stored
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, MADE_BY_UNIX_5_2, NEEDED, 0, method, DOS_TIME, DOS_DATE,
                               crc, len(stored), size, len(name), 0, 0, 0, 0, attributes, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(ordered), len(ordered), len(central), len(local), 0)
    return bytes(local + central + end)


# ---------------------------------------------------------------------------------------------
# JSON text, byte for byte
# ---------------------------------------------------------------------------------------------

class Float(float):
    """A float written as Ruby writes it (`211.0`)."""


def _string(text, escape_html=False):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code < 0x20 or (escape_html and ch in "<>&"):
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _scalar(value, escape_html=False):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Float):
        return repr(float(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value, escape_html)
    raise TypeError(f"no JSON text for {value!r}")


def ruby_json(value, old_empty=False):
    """`JSON.pretty_generate(value)` as bytes. With `old_empty`, empty containers are written as
    the older generator wrote them: `{` newline indent `}` and `[` newline newline indent `]`."""
    def generate(value, depth):
        pad = "  " * depth
        if isinstance(value, dict):
            if not value:
                return "{\n" + pad + "}" if old_empty else "{}"
            members = [f"{pad}  {_string(k)}: {generate(v, depth + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(members) + "\n" + pad + "}"
        if isinstance(value, list):
            if not value:
                return "[\n\n" + pad + "]" if old_empty else "[]"
            return "[\n" + ",\n".join(f"{pad}  {generate(v, depth + 1)}" for v in value) + "\n" + pad + "]"
        return _scalar(value)
    return generate(value, 0).encode("utf-8")


def resaved_json(value):
    """`value` as a Go tool re-saves an export: keys sorted at every level, two-space indent,
    `<`, `>` and `&` as `\\u003c`, `\\u003e`, `\\u0026`, a trailing newline."""
    def generate(value, depth):
        pad = "  " * depth
        if isinstance(value, dict):
            if not value:
                return "{}"
            members = [f"{pad}  {_string(k, True)}: {generate(value[k], depth + 1)}" for k in sorted(value)]
            return "{\n" + ",\n".join(members) + "\n" + pad + "}"
        if isinstance(value, list):
            if not value:
                return "[]"
            return "[\n" + ",\n".join(f"{pad}  {generate(v, depth + 1)}" for v in value) + "\n" + pad + "]"
        return _scalar(value, escape_html=True)
    return (generate(value, 0) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Deterministic binary data
# ---------------------------------------------------------------------------------------------

def noise(count, seed):
    """`count` incompressible pseudo-random bytes (SHA-256 in counter mode)."""
    blocks = (hashlib.sha256(seed.encode() + index.to_bytes(8, "big")).digest() for index in range((count + 31) // 32))
    return b"".join(blocks)[:count]


def png(width, height, rgb):
    """A valid PNG of one colour."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def jpeg(size, seed):
    """JPEG-framed bytes (SOI, JFIF header, pseudo-random body, EOI): a logo is data, never decoded."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + noise(size - len(head) - 2, seed) + b"\xff\xd9"


# ---------------------------------------------------------------------------------------------
# Assets, shaped like real exports
# ---------------------------------------------------------------------------------------------

def folder_of(zip_name):
    return zip_name.rpartition("/")[0]


def ref(zip_name, name, **extra):
    """A reference object: `{zip_name, name, folder}` (+ `custom`, `folder_full_path`, ...)."""
    return {"zip_name": zip_name, "name": name, "folder": folder_of(zip_name), **extra}


def file_name(name):
    """The platform's file name for an asset name: lower-cased, non-alphanumerics as `_`,
    non-ASCII letters kept."""
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower())


def pill(provider, line, *path):
    body = '{"pill_type":"output","provider":"%s","line":"%s","path":[%s]}' % (
        provider, line, ",".join(_string(p) for p in path))
    return "#{_dp('" + body + "')}"


def step(number, keyword, provider, name, as_, input_, block=None, lean=False, **extra):
    """A step as exported; `lean` leaves out the optional keys that are null or empty."""
    s = {"number": number, "provider": provider, "name": name, "as": as_}
    if not lean:
        s.update({"title": None, "description": None})
    s["keyword"] = keyword
    if not lean:
        s.update({"dynamicPickListSelection": {}, "toggleCfg": {}})
    s["input"] = input_
    s.update(extra)
    if block is not None:
        s["block"] = block
    s["uuid"] = "%08x-%04x-4%03x-8%03x-%012x" % (
        int(hashlib.sha256(as_.encode()).hexdigest()[:8], 16), number, number, number, number)
    return s


def app(provider, account=None):
    return {"keyword": "application", "provider": provider, "skip_validation": False, "account_id": account}


def recipe(name, code, config, description=None, **extra):
    r = {"name": name}
    if description is not None:
        r["description"] = description
    r.update({"version": extra.pop("version", 3), "private": True, "concurrency": 1, "code": code, "config": config})
    r.update(extra)
    return r


def connection(name, provider, **extra):
    c = {"name": name, "provider": provider, "root_folder": False}
    c.update(extra)
    return c


class Package:
    """The files of one package, by name, in the order they are added."""

    def __init__(self):
        self.files = {}

    def add(self, name, data):
        raw = name if isinstance(name, bytes) else name.encode("utf-8")
        assert raw not in self.files, raw
        self.files[raw] = data
        return name

    def json(self, name, value, old_empty=False):
        return self.add(name, ruby_json(value, old_empty))

    def resaved(self, name, value):
        return self.add(name, resaved_json(value))

    def connector(self, base, title, slug, connector_id, logo_ext="png", logo=None, note="First release",
                  version_no=3, crlf=False, description=None, resaved=False):
        """A custom connector trio `<base>.custom_adapter.json/.rb/<logo_ext>`; returns the package's
        provider key and the reference a connection's `provider` gives."""
        key = f"{slug}_connector_{connector_id}_1768260720"
        content_type = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}[logo_ext]
        metadata = {"title": title, "description": description, "logo_file_name": f"{file_name(title)}.{logo_ext}",
                    "logo_content_type": content_type, "version_no": version_no, "note": note}
        (self.resaved if resaved else self.json)(f"{base}.custom_adapter.json", metadata)
        code = connector_code(title)
        self.add(f"{base}.custom_adapter.rb", code.replace("\n", "\r\n").encode() if crlf else code.encode())
        self.add(f"{base}.custom_adapter.{logo_ext}", logo if logo is not None else png(2, 2, (200, 40, 40)))
        return key, ref(f"{base}.custom_adapter.json", title)

    def write(self, folder, zip_name):
        path = os.path.join(folder, zip_name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(zip_bytes(self.files))


def connector_code(title):
    return f"""{{
  title: '{title}',

  connection: {{
    fields: [{{ name: 'api_key', control_type: 'password' }}],
    authorization: {{ type: 'api_key', apply: lambda {{ |c| headers('Authorization': "Bearer #{{c['api_key']}}") }} }},
    base_uri: lambda {{ |_c| 'https://api.example.com/v1/' }}
  }},

  test: lambda {{ |_c| get('me') }},

  actions: {{
    get_record: {{
      title: 'Get record',
      input_fields: lambda {{ [{{ name: 'id', optional: false }}] }},
      execute: lambda {{ |_c, input| get("records/#{{input['id']}}") }}
    }}
  }},

  triggers: {{
    new_record: {{
      title: 'New record',
      poll: lambda {{ |_c, _i, since| {{ events: get('records', since: since), next_poll: Time.now.iso8601 }} }},
      dedup: lambda {{ |record| record['id'] }}
    }}
  }}
}}
"""


def custom_recipe(name, key, account, as_prefix, description=None, extra_steps=(), extra_config=(), lean=False, **extra):
    """A recipe whose trigger and first action are a custom connector's: the provider key in step
    `provider` fields, in `config[]` and inside data pills."""
    trigger, action = as_prefix + "01", as_prefix + "02"
    steps = [step(1, "action", key, "get_record", action, {"id": pill(key, trigger, "id")}, lean=lean)] + list(extra_steps)
    code = step(0, "trigger", key, "new_record", trigger, {}, steps, lean=lean)
    return recipe(name, code, [app(key, account)] + list(extra_config), description, **extra)


def simple_recipe(name, provider, action, account, as_prefix, input_=None, description=None, **extra):
    """A scheduled recipe with one action of a built-in application."""
    code = step(0, "trigger", "clock", "scheduled_event", as_prefix + "01", {"time_unit": "minutes", "trigger_every": "15"}, [
        step(1, "action", provider, action, as_prefix + "02", input_ or {"text": "ping"})])
    return recipe(name, code, [app("clock"), app(provider, account)], description, **extra)


# ---------------------------------------------------------------------------------------------
# The fixtures, one per group of facts
# ---------------------------------------------------------------------------------------------

def platform_zip():
    """The zip layout and flags; Japanese folder and file names, unflagged."""
    p = Package()
    key, adapter = p.connector("houjin_bangou", "法人番号システム API", "houjin_bangou", 2100002083)
    houjin = p.json("取引先登録/法人番号システム.connection.json", connection("法人番号システム", adapter))
    slack = p.json("取引先登録/slack通知.connection.json", connection("Slack通知", "slack"))
    p.json("取引先登録/" + file_name("取引先を登録する") + ".recipe.json", custom_recipe(
        "取引先を登録する", key, ref(houjin, "法人番号システム", custom=True), "a1b2c3",
        description="法人番号から取引先を登録します。",
        extra_steps=[step(2, "action", "slack", "post_message", "a1b2c303",
                          {"channel": "#営業", "text": "登録しました: " + pill(key, "a1b2c302", "name")})],
        extra_config=[app("slack", ref(slack, "Slack通知"))]))
    p.json("取引先登録/共通/" + file_name("エラーを通知する") + ".recipe.json", simple_recipe(
        "エラーを通知する", "slack", "post_message", ref(slack, "Slack通知"), "b1c2d3",
        {"channel": "#運用", "text": "エラーが発生しました"}))
    # 営業/ holds only a folder: it gets no directory entry, 営業/案件/ does.
    p.json("営業/案件/" + file_name("案件を同期する") + ".recipe.json", custom_recipe(
        "案件を同期する", key, ref(houjin, "法人番号システム", custom=True), "c1d2e3"))
    p.json(file_name("ルート接続") + ".connection.json", connection("ルート接続", "http"))
    return p


def json_text():
    """JSON text as the platform writes it: no trailing newline, raw UTF-8, `211.0`, both empty
    container styles, server key order; CRLF connector code."""
    p = Package()
    key, adapter = p.connector("legacy_erp", "Legacy ERP", "legacy_erp_", 2100000417, crlf=True,
                               description="Alt-ERP — «Bestellungen» ✓", note="CRLF source, as saved on Windows")
    erp = p.json("connections/legacy_erp.connection.json", connection("Legacy ERP", adapter))
    account = ref(erp, "Legacy ERP", custom=True)
    threshold = step(2, "if", None, None, "d0e1f203", {
        "type": "compound", "operand": "and",
        "conditions": [{"operand": "greater_than", "lhs": pill(key, "d0e1f202", "total"), "rhs": Float(211.0)}]},
        block=[step(3, "action", key, "get_record", "d0e1f204", {"id": "Größe: 211.0 € — naïve café ✓ 日本語 🚀"})])
    old = custom_recipe("Ältere Bestellungen", key, account, "d0e1f2",
                        description="Line one\nLine two\t(tab) \"quoted\" \\ backslash / slash — ü ß 漢字 😀",
                        extra_steps=[threshold], extended_input_schema=[], extended_output_schema={})
    p.json("orders/ältere_bestellungen.recipe.json", old, old_empty=True)
    new = custom_recipe("Neue Bestellungen", key, account, "e0f1a2", description="Rabatt 0.25 ab 99.95 €",
                        extra_steps=[step(2, "action", key, "get_record", "e0f1a203", {"ratio": Float(0.25), "limit": Float(99.95)})])
    p.json("orders/neue_bestellungen.recipe.json", new)
    p.json("orders/empty_new.lookup_table.json",
           {"name": "Empty new", "schema": [], "options": {"columns": [], "meta": {}}, "data": "key,value\n"})
    p.json("orders/empty_old.lookup_table.json",
           {"name": "Empty old", "schema": [], "options": {"columns": [], "meta": {}}, "data": "key,value\n"}, old_empty=True)
    return p


def file_names():
    """`.1.` counters for assets of one folder with the same name, lower-cased names with
    non-ASCII letters kept."""
    p = Package()
    key, adapter = p.connector("orchestrator_hub", "Orchestrator Hub", "orchestrator_hub", 2100000901)
    hub = p.json("connections/orchestrator_hub.connection.json", connection("Orchestrator Hub", adapter))
    account = ref(hub, "Orchestrator Hub", custom=True)
    group = p.json("api/orchestrator_api.api_group.json", {"name": "Orchestrator API", "handle": "orchestrator-v1",
                                                            "description": None, "version": "1.0", "use_prefix": True})
    for index, suffix in enumerate(["", ".1", ".2"]):
        target = p.json(f"api/orchestrator{suffix}.recipe.json",
                        custom_recipe("Orchestrator", key, account, f"f{index}a1b2", version=index + 1))
        p.json(f"api/orchestrator{suffix}.api_endpoint.json", {
            "name": "Orchestrator", "method": ["GET", "POST", "PUT"][index], "path": f"orchestrator/{index}",
            "api_group_id": ref(group, "Orchestrator API"), "recipe_id": ref(target, "Orchestrator"),
            "legacy": False, "validate_request": True})
    for name in ["Café München Übersicht", "Zähler prüfen", "Données clients (ÉTÉ)", "Ñandú y Pingüino"]:
        p.json(f"reports/{file_name(name)}.recipe.json", simple_recipe(
            name, "slack", "post_message", None, "ab" + hashlib.sha256(name.encode()).hexdigest()[:4]))
    p.json(f"reports/{file_name('Données clients (ÉTÉ)')}.lookup_table.json",
           {"name": "Données clients (ÉTÉ)", "schema": [{"name": "client"}, {"name": "région"}], "data": "client,région\nAcmé,Île-de-France\n"})
    return p


FOLDER_NAMES = [
    "RHSC ",
    "Sales: EMEA | APAC",
    "R&D",
    "[Archive] 2023",
    "Orders => Fulfilment",
    "🚀 Launch",
    "Überweisungen",
]


def folder_names():
    """Folder names as the user typed them, nested six and more levels deep."""
    p = Package()
    key, adapter = p.connector("deep_crm", "Deep CRM", "deep_crm", 2100000555, logo_ext="jpg", logo=jpeg(4096, "deep_crm"))
    home = p.json("RHSC /connections/deep_crm.connection.json", connection("Deep CRM", adapter))
    account = ref(home, "Deep CRM", custom=True)
    for index, folder in enumerate(FOLDER_NAMES):
        p.json(f"{folder}/{file_name('Sync ' + folder)}.recipe.json",
               custom_recipe("Sync " + folder, key, account, "c%dd0e0" % index, description=f"Lives in '{folder}'"))
    deep = "/".join(FOLDER_NAMES)  # seven levels
    callee = p.json(f"{deep}/deepest_callee.recipe.json", simple_recipe(
        "Deepest callee", "slack", "post_message", None, "dd00ee"))
    call = step(2, "action", "workato_recipe_function", "call_recipe", "ee00ff03",
                {"flow_id": ref(callee, "Deepest callee", folder_full_path="Home/Deep/" + deep), "parameters": {}})
    p.json(f"{'/'.join(FOLDER_NAMES[:6])}/six_levels_down.recipe.json", custom_recipe(
        "Six levels down", key, account, "ee00ff", extra_steps=[call], extra_config=[app("workato_recipe_function")]))
    return p


def asset_types():
    """More asset types and files: apps and pages (with a zip inside), insights, genies, models,
    templates, schemas, topics, properties, tags, `.jpeg`/`.jpg` logos, one of 700 KB."""
    p = Package()
    big_key, big_adapter = p.connector("big_logo", "Big Logo CRM", "big_logo", 2100000700, logo_ext="jpeg",
                                       logo=jpeg(700 * 1024, "big_logo"), note="700 KB logo")
    small_key, small_adapter = p.connector("small_logo", "Small Logo ERP", "small_logo", 2100000701, logo_ext="jpg",
                                           logo=jpeg(3000, "small_logo"))
    big = p.json("connections/big_logo_crm.connection.json", connection("Big Logo CRM", big_adapter))
    small = p.json("connections/small_logo_erp.connection.json", connection("Small Logo ERP", small_adapter))
    p.json("recipes/sync_big_logo.recipe.json", custom_recipe("Sync big logo", big_key, ref(big, "Big Logo CRM", custom=True), "b16001"))
    p.json("recipes/sync_small_logo.recipe.json", custom_recipe("Sync small logo", small_key, ref(small, "Small Logo ERP", custom=True), "5a1101"))
    page = p.json("apps/pages/order_details.lcap_page.json", {
        "name": "Order details", "page_type": "record", "app": ref("apps/order_portal.lcap_app.json", "Order portal")})
    inner = Package()
    inner.json("page.json", {"components": [{"type": "header", "text": "Order details"}], "layout": {}})
    inner.json("assets/theme.json", {"primary": "#c02828", "font": "Inter"})
    p.add("apps/pages/order_details.lcap_page.zip", zip_bytes(inner.files))
    p.json("apps/order_portal.lcap_app.json", {"name": "Order portal", "description": "Orders for the support desk",
                                                "pages": [ref(page, "Order details")]})
    p.add("apps/order_portal.lcap_app.png", png(8, 8, (40, 120, 200)))
    # Names travel, values never do: the platform writes every property value as null.
    p.json("apps/properties.project_properties.json", {"data": {"portal_title": None, "page_size": None}})
    p.json("insights/weekly_orders.insights_query.json", {"name": "Weekly orders", "query": "SELECT count(*) FROM orders", "chart": "bar"})
    p.json("genies/support_genie.agentic_genie.json", {"name": "Support genie", "instructions": "Answer order questions.", "skills": []})
    p.add("genies/support_genie.agentic_genie.png", png(4, 4, (20, 160, 90)))
    p.json("genies/lookup_order.agentic_skill.json", {"name": "Lookup order", "recipe": ref("recipes/sync_big_logo.recipe.json", "Sync big logo")})
    p.json("genies/orders.agentic_knowledge_base.json", {"name": "Orders", "sources": []})
    p.json("genies/orders.mcp_server.json", {"name": "Orders MCP", "tools": []})
    p.json("models/credit_decision.decision_engine_model.json", {"name": "Credit decision", "rules": [{"if": "score < 500", "then": "reject"}]})
    p.json("templates/order_email.workato_template.json", {"name": "Order email", "body": "<p>Order {{id}}</p>"})
    p.json("schemas/order.workato_schema.json", {"name": "Order", "fields": [{"name": "id", "type": "string"}]})
    p.json("events/order_created.topic.json", {"name": "Order created", "retention_days": 7})
    p.json("pipelines/orders_to_lake.data_pipeline.json", {"name": "Orders to lake", "schedule": "daily"})
    p.json("tables/orders.workato_db_table.json", {"name": "Orders", "columns": [{"name": "id"}]})
    p.json("account_properties.properties.json", {"erp_base_url": None, "region": None})
    p.json("tags.json", [{"name": "orders", "color": "blue"}, {"name": "ポータル", "color": "green"}])
    return p


def fields():
    """Fields real exports carry, and references under many keys, recognised by their shape."""
    p = Package()
    key, adapter = p.connector("no_note", "No Note Connector", "no_note", 2100000333, note=None)
    conn = p.json("connections/on_premise_db.connection.json", connection(
        "On-premise DB", adapter, secure_gateway_tunnel_name="dc1-agent", root_folder=True,
        tags=["prod", "finance"], personalization=False))
    p.json("connections/plain_slack.connection.json", {"name": "Plain Slack", "provider": "slack", "root_folder": False,
                                                        "tags": [], "personalization": True})
    account = ref(conn, "On-premise DB", custom=True)
    table = p.json("data/orders.workato_db_table.json", {"name": "Orders", "columns": [{"name": "id"}, {"name": "total"}]})
    lookup = p.json("data/regions.lookup_table.json", {"name": "Regions", "schema": [{"name": "code"}, {"name": "name"}],
                                                       "data": "code,name\nEU,\"Europe, Middle East\"\nUS,United States\n"})
    topic = p.json("data/order_events.topic.json", {"name": "Order events", "schema": []})
    template = p.json("data/order_mail.workato_template.json", {"name": "Order mail", "body": "Hello"})
    schema = p.json("data/order.workato_schema.json", {"name": "Order", "fields": []})
    model = p.json("data/risk.decision_engine_model.json", {"name": "Risk", "rules": []})
    menu = p.json("apps/menu_items.recipe.json", simple_recipe("Menu items", "slack", "post_message", None, "aa55bb"))
    details = p.json("apps/order_details.lcap_page.json", {"name": "Order details", "components": []})
    listing = p.json("apps/order_list.lcap_page.json", {"name": "Order list", "details_page": ref(details, "Order details"),
                                                        "page_id": ref(details, "Order details")})
    app_a = p.json("apps/orders.lcap_app.json", {"name": "Orders", "pages": [ref(listing, "Order list")],
                                                  "dynamic_menu_recipe": ref(menu, "Menu items")})
    app_b = p.json("apps/returns.lcap_app.json", {"name": "Returns", "pages": []})
    p.json("apps/helper.agentic_genie.json", {"name": "Helper", "apps": [ref(app_a, "Orders"), ref(app_b, "Returns")]})
    uses = step(2, "action", "workato_db_table", "add_record", "fe1d0203", {"table_id": ref(table, "Orders"), "total": "1"},
                block=None)
    steps = [uses,
             step(3, "action", "lookup_table", "lookup", "fe1d0204", {"lookup_table_id": ref(lookup, "Regions")}),
             step(4, "action", "workato_pub_sub", "publish", "fe1d0205", {"topic_id": ref(topic, "Order events")}),
             step(5, "action", "workato_template", "render", "fe1d0206", {"template_id": ref(template, "Order mail")}),
             step(6, "action", "workato_schema", "validate", "fe1d0207", {"workato_schema_id": ref(schema, "Order")}),
             step(7, "action", "decision_engine", "decide", "fe1d0208", {"model_id": ref(model, "Risk")})]
    p.json("recipes/without_description.recipe.json", custom_recipe(
        "Without description", key, account, "fe1d02", extra_steps=steps,
        extra_config=[app("workato_db_table"), app("lookup_table"), app("workato_pub_sub")]))
    p.json("recipes/with_comment_and_tags.recipe.json", simple_recipe(
        "With comment and tags", "slack", "post_message", ref("connections/plain_slack.connection.json", "Plain Slack"), "7a9501",
        description="Has a version comment", version_comment="Fixed the channel", tags=["finance", "nightly"]))
    callee = p.json("api/order_status.recipe.json", simple_recipe("Order status", "slack", "post_message", None, "ca0e01"))
    group = p.json("api/orders.api_group.json", {"name": "Orders", "handle": "orders", "description": "", "version": "2", "use_prefix": False})
    p.json("api/order_status.api_endpoint.json", {
        "name": "Order status", "method": "GET", "path": "orders/:id", "api_group_id": ref(group, "Orders"),
        "recipe_id": ref(callee, "Order status"), "legacy": False, "validate_request": False,
        "use_cache": True, "cache_ttl": 300, "cache_key_fields": ["id"], "cache_private": False})
    return p


OUTSIDE_CONNECTIONS = [
    # (referencing recipe, config index, zip_name, name, provider)
    ("crm/sync_accounts_to_salesforce.recipe.json", 1, "connections/salesforce_production.connection.json", "Salesforce (production)", "salesforce"),
    ("crm/post_account_updates.recipe.json", 1, "connections/sales_slack.connection.json", "Sales Slack", "slack"),
    ("crm/post_account_updates.recipe.json", 2, "connections/jira_cloud.connection.json", "Jira Cloud", "jira"),
]


def outside_references():
    """Recipes whose connections, a called recipe and a page the package does not carry."""
    p = Package()
    key, adapter = p.connector("acme_orders", "Acme Orders", "acme_orders_", 2100000777)
    acme = p.json("connections/acme_orders.connection.json", connection("Acme Orders", adapter))
    (_, _, salesforce, sf_name, _), (_, _, slack, slack_name, _), (_, _, jira, jira_name, _) = OUTSIDE_CONNECTIONS
    p.json("crm/sync_accounts_to_salesforce.recipe.json", simple_recipe(
        "Sync accounts to Salesforce", "salesforce", "upsert_sobject", ref(salesforce, sf_name), "5f0001",
        {"sobject_name": "Account", "external_id": "Acme_Id__c"}, description="Production has its own Salesforce connection."))
    code = step(0, "trigger", "clock", "scheduled_event", "5f0101", {"time_unit": "hours", "trigger_every": "1"}, [
        step(1, "action", "slack", "post_message", "5f0102", {"channel": "#sales", "text": "Accounts updated"}),
        step(2, "action", "jira", "create_issue", "5f0103", {"project": "SALES", "summary": "Review accounts"})])
    p.json("crm/post_account_updates.recipe.json", recipe(
        "Post account updates", code, [app("clock"), app("slack", ref(slack, slack_name)), app("jira", ref(jira, jira_name))]))
    notify = p.json("crm/notify_account_owner.recipe.json", recipe("Notify account owner", step(
        0, "trigger", "workato_recipe_function", "execute", "5f0201", {"parameters_schema_json": "[{\"name\":\"owner\"}]"}, []),
        [app("workato_recipe_function")]))
    calls = [step(2, "action", "workato_recipe_function", "call_recipe", "5f0303", {
                 "flow_id": ref(notify, "Notify account owner", folder_full_path="Home/CRM/crm"), "parameters": {"owner": "ops"}}),
             step(3, "action", "workato_recipe_function", "call_recipe", "5f0304", {
                 "flow_id": ref("shared/create_support_ticket.recipe.json", "Create support ticket", folder_full_path="Home/Shared/shared"),
                 "parameters": {"subject": pill(key, "5f0301", "id")}})]
    p.json("crm/escalate_large_orders.recipe.json", custom_recipe(
        "Escalate large orders", key, ref(acme, "Acme Orders", custom=True), "5f03", extra_steps=calls,
        extra_config=[app("workato_recipe_function")]))
    overview = p.json("portal/account_overview.lcap_page.json", {
        "name": "Account overview", "details_page": ref("portal/account_details.lcap_page.json", "Account details")})
    p.json("portal/account_portal.lcap_app.json", {"name": "Account portal", "pages": [ref(overview, "Account overview")]})
    return p


def resaved():
    """An export re-saved by another tool: keys sorted, a trailing newline, `>` as `\\u003e`."""
    p = Package()
    key, adapter = p.connector("resaved_crm", "Resaved CRM", "resaved_crm", 2100000888, resaved=True,
                               note="Orders > 1000 & returns < 10")
    conn = p.resaved("connections/resaved_crm.connection.json", connection("Resaved CRM", adapter))
    account = ref(conn, "Resaved CRM", custom=True)
    big = step(2, "if", None, None, "9e5a0203", {"conditions": [{"lhs": pill(key, "9e5a0202", "total"), "operand": "greater_than", "rhs": "1000"}]},
               block=[step(3, "action", key, "get_record", "9e5a0204", {"id": "total > 1000 => escalate & <notify>"})])
    p.resaved("orders/escalate_big_orders.recipe.json", custom_recipe(
        "Escalate big orders", key, account, "9e5a02", description="Orders > 1000 go to ops", extra_steps=[big]))
    p.resaved("orders/thresholds.lookup_table.json", {"name": "Thresholds", "schema": [{"name": "level"}], "data": "level\n>1000\n"})
    p.json("orders/untouched.recipe.json", simple_recipe("Untouched", "slack", "post_message", None, "0a7c01",
                                                          {"text": "1 > 0, written by the platform"}))
    return p


LARGE_ASSETS = 700


def large_deep():
    """700 assets, folders six levels deep with every kind of name, `Recipes/` beside `recipes/`,
    10 % of references pointing outside the package (the first few recipes go without a lookup
    until the package holds a multiple of ten references)."""
    for skipped_lookups in range(10):
        package, counts = _large_deep(skipped_lookups)
        if counts["outside"] * 10 == counts["total"]:
            return package
    raise AssertionError("no layout with exactly 10 % of references outside")


def _large_deep(skipped_lookups):
    p = Package()
    key, adapter = p.connector("ops_hub", "Ops Hub", "ops_hub", 2100001000, note="Used by a fifth of the recipes")
    deep = ["Integrations: CRM | ERP", "Sales & Marketing", "[Archive] 2024", "Orders => Fulfilment", "🚀 Launch", "RHSC "]
    folders = ["/".join(deep[:n]) for n in range(1, 7)] + [
        "Integrations: CRM | ERP/Recipes", "Integrations: CRM | ERP/recipes",
        "Team – Ops 🛠", "Team – Ops 🛠/Überweisungen", "Team – Ops 🛠/日本/営業"]
    assets = 0
    connections = []
    for index in range(100):
        name = f"Service {index:02d}"
        zip_name = p.json(f"connections/{file_name(name)}.connection.json", connection(name, f"service_{index % 8}"))
        connections.append((zip_name, name))
        assets += 1
    hub = p.json("connections/ops_hub.connection.json", connection("Ops Hub", adapter))
    assets += 1
    counts = {"total": 1, "outside": 0}  # the hub's provider reference
    lookups = []
    for index in range(100):
        name = f"Codes {index:02d}"
        lookups.append((p.json(f"Shared Lookups/{file_name(name)}.lookup_table.json",
                               {"name": name, "schema": [{"name": "code"}], "data": f"code\nC{index}\n"}), name))
        assets += 1
    recipes = LARGE_ASSETS - assets

    def reference(zip_name, name, outside_zip, outside_name, eligible=True, **extra):
        counts["total"] += 1
        if eligible and counts["outside"] * 10 < counts["total"]:
            counts["outside"] += 1
            return ref(outside_zip, outside_name, **extra)
        return ref(zip_name, name, **extra)

    placed = []
    for index in range(recipes):
        folder = folders[(index // 3) % len(folders)] if index % 3 == 0 else ["jobs", "jobs/nightly"][index % 3 - 1]
        case_twin = folder.endswith(("/Recipes", "/recipes")) and index < 3 * len(folders)
        name = "Daily summary" if case_twin else f"Job {index:03d} – {['sync', 'notify', 'export', 'audit'][index % 4]}"
        zip_name = f"{folder}/{file_name(name)}.recipe.json"
        prefix = "%06x" % (0x100000 + index)
        conn_zip, conn_name = connections[index % len(connections)]
        account = reference(conn_zip, conn_name, f"connections/production_only_{index:03d}.connection.json", f"Production only {index:03d}")
        extra_steps, extra_config = [], []
        lookup_zip, lookup_name = lookups[index % len(lookups)]
        if index % 4 == 0 and index // 4 >= skipped_lookups:
            extra_steps.append(step(2, "action", "lookup_table", "lookup", prefix + "03",
                                    {"lookup_table_id": reference(lookup_zip, lookup_name, "", "", eligible=False)}, lean=True))
        if placed and index % 3 == 0:
            callee_zip, callee_name = placed[index // 2]
            flow = reference(callee_zip, callee_name, f"archive/retired_{index:03d}.recipe.json", f"Retired {index:03d}",
                             folder_full_path="Home/Large/" + folder_of(callee_zip))
            extra_steps.append(step(3, "action", "workato_recipe_function", "call_recipe", prefix + "04",
                                    {"flow_id": flow, "parameters": {}}, lean=True))
            extra_config.append(app("workato_recipe_function"))
        if index % 5 == 0:
            hub_account = reference(hub, "Ops Hub", "", "", eligible=False, custom=True)
            body = custom_recipe(name, key, hub_account, prefix, extra_steps=extra_steps, lean=True,
                                 extra_config=[app(f"service_{index % 8}", account)] + extra_config)
        else:
            code = step(0, "trigger", "clock", "scheduled_event", prefix + "01", {"time_unit": "hours", "trigger_every": "1"}, [
                step(1, "action", f"service_{index % 8}", "run", prefix + "02", {"job": name}, lean=True)] + extra_steps, lean=True)
            body = recipe(name, code, [app("clock"), app(f"service_{index % 8}", account)] + extra_config)
        p.json(zip_name, body, old_empty=index % 2 == 1)
        placed.append((zip_name, name))
        assets += 1
    assert assets == LARGE_ASSETS, assets
    return p, counts


def hostile_latin1_name():
    """A zip in the platform's style whose one entry name is neither flagged nor valid UTF-8."""
    p = Package()
    p.json("legacy/ok.connection.json", connection("OK", "slack"))
    p.add("legacy/r\xe9sum\xe9.recipe.json".encode("latin-1"),
          ruby_json(simple_recipe("Résumé", "slack", "post_message", None, "1a7101")))
    return p


FIXTURES = {
    "platform-zip.zip": platform_zip,
    "json-text.zip": json_text,
    "file-names.zip": file_names,
    "folder-names.zip": folder_names,
    "asset-types.zip": asset_types,
    "fields.zip": fields,
    "outside-references.zip": outside_references,
    "resaved.zip": resaved,
    "large-deep.zip": large_deep,
    "hostile/non-utf8-name.zip": hostile_latin1_name,
}


def main():
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, make in FIXTURES.items():
        make().write(out, name)
        print("wrote", os.path.join(out, name))


if __name__ == "__main__":
    main()
