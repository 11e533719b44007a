import random
from urllib.parse import urlencode

NAME = "participation_ideas"
TITLE = "Ideas of a participatory process sorted by supports (HTML: the process with the most ideas, filters, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 120


def request(ds):
    return {"path": ds["participation_ideas_route"].format(ds["participation_process_id"]) + "?sort=supports"}


def paths(ds, pool):
    """The ideas lists of the published processes (most ideas first) sorted by supports, in Arabic and English,
    then with a neighbourhood or axis filter or a later page, drawn in a fixed order."""
    rng = random.Random(120)
    route = ds["participation_ideas_route"]
    out = [request(ds)["path"]]
    part = pool["participation"]
    for process_id in part["processes"]:
        filters = part["filters"].get(process_id, {})
        for prefix in ("", "/en"):
            out.append(prefix + route.format(process_id) + "?sort=supports")
        params = {"sort": "supports"}
        names = [name for name in ("neighbourhood", "axis") if filters.get(name)]
        if names:
            name = rng.choice(names)
            params[name] = rng.choice(filters[name])
        else:
            params["page"] = rng.choice((2, 3))
        out.append(route.format(process_id) + "?" + urlencode(params))
    return list(dict.fromkeys(out))[:240]
