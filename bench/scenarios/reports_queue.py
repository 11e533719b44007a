NAME = "reports_queue"
TITLE = "An organisation's queue of reports (HTML, signed in: the staff of the busiest organisations, filters, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
SESSION = True  # lines "path key": each organisation's own staff session (bench/sessions.py)
ORDER = 99

FILTERS = ("", "?status=open&page=2", "?status=resolved", "?status=in_progress", "?status=closed&page=3")


def request(ds):
    return {"path": ds["reports_queue_path"], "session": ds["reports_queue_session"]}


def paths(ds, pool):
    out = []
    for organization_id, key, categories in pool["reports"]["queues"]:
        for suffix in FILTERS:
            out.append(f"/reports/queue/{organization_id}/{suffix} {key}")
        for category in categories[:2]:
            out.append(f"/reports/queue/{organization_id}/?category={category} {key}")
        if len(out) >= 240:
            break
    return out[:240]
