NAME = "participation_budget_result"
TITLE = "Result of a participatory budget vote (HTML: funded or not and why, with its chart's table)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 122


def request(ds):
    return {"path": ds["participation_budget_result_route"].format(ds["participation_budget_id"])}


def paths(ds, pool):
    route = ds["participation_budget_result_route"]
    out = [request(ds)["path"]]
    for budget_id in pool["participation"]["budgets"]:
        for prefix in ("", "/en"):
            out.append(prefix + route.format(budget_id))
    return list(dict.fromkeys(out))[:240]
