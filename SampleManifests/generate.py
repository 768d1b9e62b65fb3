#!/usr/bin/env python3
"""Regenerates the sample workspaces and manifests in SampleManifests/ with a built rlcm.

    python3 SampleManifests/generate.py [path/to/rlcm]

sandbox/    where recipes are built: projects "Order Sync", "Shared Connections" and "Billing";
            "Acme ERP" at versions 1-4 with 3 released (4 is an unreleased draft) and
            "Parcel Tracker" at versions 1-2 with 2 released.
production/ where packages land: an older "Order Sync", a "Finance" project whose running
            recipe uses an Acme ERP action that version 3 no longer has, and "Acme ERP" at
            versions 1-2 with 2 released.
manifests/  export manifests for the sandbox's "Order Sync", one with the API assets unchecked.
ops-alert.zip, values/production.values.json
            a package whose recipe reads two account properties and a project property
            (production has one of them), and the values file that gives the other two.
"""
import json, os, shutil, subprocess, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
RLCM = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "..", ".build", "debug", "rlcm")
SRC = os.path.join(HERE, "sources")


def rlcm(*args, json_out=False):
    out = subprocess.run([RLCM, *args] + (["--json"] if json_out else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out) if json_out else out


def write(root, path, document):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def ref(zip_name, name, **extra):
    folder = os.path.dirname(zip_name)
    return {"zip_name": zip_name, "name": name, "folder": folder, **extra}


def pill(provider, line, *path):
    body = json.dumps({"pill_type": "output", "provider": provider, "line": line, "path": list(path)}, separators=(",", ":"))
    return "#{_dp('" + body + "')}"


def step(number, keyword, provider, name, as_, input_, block=None):
    s = {"number": number, "provider": provider, "name": name, "as": as_, "keyword": keyword, "input": input_,
         "uuid": f"{as_}-0000-4000-8000-{number:012d}"}
    if block is not None:
        s["block"] = block
    return s


def recipe(name, code, config, description=None, version=1):
    r = {"name": name}
    if description:
        r["description"] = description
    r.update({"version": version, "private": True, "concurrency": 1, "code": code, "config": config})
    return r


def app(provider, account=None):
    return {"keyword": "application", "provider": provider, "skip_validation": False, "account_id": account}


def connection(name, provider):
    return {"name": name, "provider": provider, "root_folder": False}


def push(ws, title, version, note, release, logo=None, description=None):
    args = ["connector", "push", "-C", ws, "--title", title, "--code", os.path.join(SRC, version), "--note", note]
    if logo:
        args += ["--logo", os.path.join(SRC, logo)]
    if description:
        args += ["--description", os.path.join(SRC, description)]
    if release:
        args.append("--release")
    return rlcm(*args, json_out=True)["provider_key"]


def order_sync(ws, acme, parcel, acme_connection, legacy=False):
    """The "Order Sync" project; `legacy` is the older copy production runs."""
    p = "Order Sync"
    acme_account = ref(f"connections/{acme_connection}.connection.json", "Acme ERP", custom=True)
    write(ws, f"{p}/connections/{acme_connection}.connection.json",
          connection("Acme ERP", ref("acme_erp.custom_adapter.json", "Acme ERP", folder="")))
    notify = step(3, "action", "workato_recipe_function", "call_recipe", "c0ffee03", {
        "flow_id": ref("orders/notify_ops_channel.recipe.json", "Notify ops channel", folder_full_path="Home/Order Sync/orders"),
        "parameters": {"text": "Order " + pill(acme, "a1b2c3d4", "id") + " is in fulfilment"}})
    steps = [step(1, "action", acme, "get_order", "b2c3d4e5", {"order_id": pill(acme, "a1b2c3d4", "id")}), notify]
    if not legacy:
        steps.append(step(4, "action", acme, "update_order_status", "e5f6a7b8",
                          {"order_id": pill(acme, "a1b2c3d4", "id"), "status": "in_fulfilment"}))
    write(ws, f"{p}/orders/new_order_to_fulfilment.recipe.json", recipe(
        "New order to fulfilment",
        step(0, "trigger", acme, "new_order", "a1b2c3d4", {}, steps),
        [app(acme, acme_account), app("workato_recipe_function")],
        description="When Acme ERP has a new order, mark it in fulfilment and tell ops.", version=3 if legacy else 8))
    write(ws, f"{p}/orders/notify_ops_channel.recipe.json", recipe(
        "Notify ops channel",
        step(0, "trigger", "workato_recipe_function", "execute", "f6a7b8c9", {"parameters_schema_json": "[{\"name\":\"text\"}]"}, [
            step(1, "action", "slack", "post_message", "a7b8c9d0",
                 {"channel": "#ops", "text": pill("workato_recipe_function", "f6a7b8c9", "parameters", "text")})]),
        [app("workato_recipe_function"), app("slack", ref("Shared Connections/ops_slack.connection.json", "Ops Slack"))]))
    if legacy:
        return
    write(ws, f"{p}/connections/parcel_tracker.connection.json",
          connection("Parcel Tracker", ref("parcel_tracker.custom_adapter.json", "Parcel Tracker", folder="")))
    write(ws, f"{p}/orders/track_shipment.recipe.json", recipe(
        "Track shipment",
        step(0, "trigger", acme, "new_order", "0d1e2f30", {}, [
            step(1, "action", parcel, "create_label", "1d2e3f40", {"order_id": pill(acme, "0d1e2f30", "id"), "carrier": "ups"}),
            step(2, "action", parcel, "track_parcel", "2d3e4f50", {"tracking_number": pill(parcel, "1d2e3f40", "tracking_number")})]),
        [app(acme, acme_account), app(parcel, ref("connections/parcel_tracker.connection.json", "Parcel Tracker", custom=True))]))
    write(ws, f"{p}/api/orders_api.api_group.json",
          {"description": "Order lookups for the support desk", "handle": "orders-api-v1", "name": "orders-api", "use_prefix": True, "version": "1.0"})
    write(ws, f"{p}/api/get_order_status.recipe.json", recipe(
        "Get order status",
        step(0, "trigger", "workato_api_platform", "receive_request", "0a1b2c3d", {}, [
            step(1, "action", acme, "get_order", "1a2b3c4d", {"order_id": pill("workato_api_platform", "0a1b2c3d", "request", "order_id")}),
            step(2, "action", "workato_api_platform", "return_response", "2a3b4c5d",
                 {"http_status_code": "200", "response": {"status": pill(acme, "1a2b3c4d", "status")}})]),
        [app("workato_api_platform"), app(acme, acme_account)]))
    write(ws, f"{p}/api/get_order_status.api_endpoint.json", {
        "api_group_id": ref("api/orders_api.api_group.json", "orders-api"), "legacy": False, "method": "GET",
        "name": "Get order status", "path": "orders/:order_id/status",
        "recipe_id": ref("api/get_order_status.recipe.json", "Get order status"), "validate_request": True})
    write(ws, f"{p}/lookups/carrier_codes.lookup_table.json",
          {"name": "Carrier codes", "schema": [{"name": "carrier"}, {"name": "code"}], "rows": [["ups", "1Z"], ["dhl", "JD"]]})


def sandbox():
    ws = os.path.join(HERE, "sandbox")
    shutil.rmtree(ws, ignore_errors=True)
    rlcm("init", ws, "--name", "Acme sandbox", "--environment", "sandbox", "--data-center", "us")
    acme = push(ws, "Acme ERP", "acme_erp_v1.rb", "First cut: orders and the new-order trigger", True, "acme_erp.png", "acme_erp_description.txt")
    push(ws, "Acme ERP", "acme_erp_v2.rb", "Adds update_order_status", True)
    push(ws, "Acme ERP", "acme_erp_v3.rb", "Adds the get_invoice action", False)
    rlcm("connector", "release", "Acme ERP", "-C", ws)
    push(ws, "Acme ERP", "acme_erp_v4.rb", "Draft: cancel_order (not yet released)", False)
    parcel = push(ws, "Parcel Tracker", "parcel_tracker_v1.rb", "Tracking only", True, "parcel_tracker.png", "parcel_tracker_description.txt")
    push(ws, "Parcel Tracker", "parcel_tracker_v2.rb", "Adds create_label", True)
    order_sync(ws, acme, parcel, "acme_erp_sandbox")
    write(ws, "Shared Connections/ops_slack.connection.json", connection("Ops Slack", "slack"))
    write(ws, "Billing/connections/acme_erp_billing.connection.json",
          connection("Acme ERP (billing)", ref("acme_erp.custom_adapter.json", "Acme ERP", folder="")))
    write(ws, "Billing/invoices/invoice_to_ledger.recipe.json", recipe(
        "Invoice to ledger",
        step(0, "trigger", "scheduler", "scheduled_event", "9a8b7c6d", {"time_unit": "hours", "trigger_every": "1"}, [
            step(1, "action", acme, "get_invoice", "8a7b6c5d", {"invoice_id": "latest"})]),
        [app("scheduler"), app(acme, ref("connections/acme_erp_billing.connection.json", "Acme ERP (billing)", custom=True))]))
    rlcm("recipe", "start", "Order Sync/orders/new_order_to_fulfilment.recipe.json", "-C", ws)
    manifests = os.path.join(HERE, "manifests")
    os.makedirs(manifests, exist_ok=True)
    rlcm("manifest", "Order Sync", "-C", ws, "-o", os.path.join(manifests, "order-sync.manifest.json"))
    with open(os.path.join(manifests, "order-sync.manifest.json")) as f:
        manifest = json.load(f)
    for asset in manifest["assets"]:
        if asset["zip_name"].startswith("api/"):
            asset["checked"] = False
    with open(os.path.join(manifests, "order-sync-without-api.manifest.json"), "w") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")


def production():
    ws = os.path.join(HERE, "production")
    shutil.rmtree(ws, ignore_errors=True)
    rlcm("init", ws, "--name", "Acme production", "--environment", "production", "--data-center", "us")
    acme = push(ws, "Acme ERP", "acme_erp_production_v1.rb", "Imported from sandbox", True, "acme_erp.png", "acme_erp_description.txt")
    push(ws, "Acme ERP", "acme_erp_production_v2.rb", "Imported from sandbox", True)
    order_sync(ws, acme, None, "acme_erp_production", legacy=True)
    write(ws, "Shared Connections/ops_slack.connection.json", connection("Ops Slack", "slack"))
    write(ws, "account_properties.properties.json", {"erp.region": "eu-1"})
    write(ws, "Finance/connections/acme_erp_finance.connection.json",
          connection("Acme ERP (finance)", ref("acme_erp.custom_adapter.json", "Acme ERP", folder="")))
    write(ws, "Finance/exports/nightly_invoice_export.recipe.json", recipe(
        "Nightly invoice export",
        step(0, "trigger", "scheduler", "scheduled_event", "7a6b5c4d", {"time_unit": "days", "trigger_every": "1"}, [
            step(1, "action", acme, "export_invoices_csv", "6a5b4c3d", {"since": "#{1.day.ago}"})]),
        [app("scheduler"), app(acme, ref("connections/acme_erp_finance.connection.json", "Acme ERP (finance)", custom=True))]))
    rlcm("recipe", "start", "Order Sync/orders/new_order_to_fulfilment.recipe.json", "-C", ws)
    rlcm("recipe", "start", "Finance/exports/nightly_invoice_export.recipe.json", "-C", ws)


def values_walkthrough():
    """The package and values file of the README's "Values per environment"."""
    def pill(kind, name):
        return "_dp('" + json.dumps({"pill_type": kind, "property_name": name}, separators=(",", ":")) + "')"
    alert = {
        "name": "Ops alert", "version": 1, "private": True, "concurrency": 1,
        "description": "Posts an alert for late orders; reads the ERP region and base URL and the ops channel from properties.",
        "code": step(0, "trigger", "clock", "scheduled_event", "a1b2c3d4", {"time_unit": "hours", "trigger_every": "1"}, [
            step(1, "action", "logger", "log_message", "e5f6a7b8", {
                "message": "Late orders in #{" + pill("account_property", "erp.region") + "}: see #{"
                           + pill("account_property", "erp.base_url") + "}/orders?late=true",
                "channel": "=" + pill("project_property", "ops.channel")})]),
        "config": [],
    }
    with zipfile.ZipFile(os.path.join(HERE, "ops-alert.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, document in [("account_properties.properties.json", {"erp.base_url": None, "erp.region": None}),
                               ("orders/ops_alert.recipe.json", alert),
                               ("properties.project_properties.json", {"data": {"ops.channel": None}})]:
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write(HERE, "values/production.values.json", {
        "format_version": 1,
        "account_properties": {"erp.base_url": {"env": "ERP_BASE_URL"}},
        "project_properties": {"Order Sync": {"ops.channel": "#ops-prod"}},
    })


if __name__ == "__main__":
    sandbox()
    production()
    values_walkthrough()
    for ws in ("sandbox", "production"):
        lock = os.path.join(HERE, ws, ".rlcm", "lock")
        if os.path.exists(lock):
            os.remove(lock)
    print("regenerated", HERE)
