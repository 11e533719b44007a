NAME = "plan_page"
TITLE = "Plan page (HTML: public plans of 100 needs and 30 actions, Arabic and English)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 95


def request(ds):
    return {"path": ds["plan_page_route"].format(ds["plan_page_id"])}


def paths(ds, pool):
    route = ds["plan_page_route"]
    out = [request(ds)["path"]]
    for plan_id in pool["plans"]["public"]:
        for prefix in ("", "/en"):
            path = prefix + route.format(plan_id)
            if path not in out:
                out.append(path)
    return out[:240]
