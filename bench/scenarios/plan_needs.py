import random
from urllib.parse import urlencode

NAME = "plan_needs"
TITLE = "Needs of a plan in consultation with votes (HTML, signed in: 240 voters, filters, sorts and pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
SESSION = True  # lines "path key": a voter's own signed-in session (their votes are marked on the list)
ORDER = 96

SORTS = ("priority", "votes")


def request(ds):
    return {"path": ds["plan_needs_route"].format(ds["plan_needs_id"]), "session": ds["plan_voter_session"]}


def paths(ds, pool):
    """Each voter on their plan's needs: the list as it opens, then a filter (category or neighbourhood), a sort
    and a page, drawn in a fixed order."""
    rng = random.Random(96)
    route = ds["plan_needs_route"]
    out, seen = [], set()
    for plan_id, key in pool["plans"]["voters"]:
        filters = pool["plans"]["needs_filters"].get(plan_id, {})
        params = {"sort": rng.choice(SORTS)}
        choices = [name for name in ("category", "neighbourhood") if filters.get(name)]
        if choices and rng.random() < 0.6:
            name = rng.choice(choices)
            params[name] = rng.choice(filters[name])
        elif rng.random() < 0.5:
            params["page"] = rng.choice((2, 3))
        for path in (route.format(plan_id), route.format(plan_id) + "?" + urlencode(params)):
            if path not in seen and len(out) < 240:
                seen.add(path)
                out.append(f"{path} {key}")
    first = f"{request(ds)['path']} {ds['plan_voter_session']}"
    return [first, *[line for line in out if line != first][:239]]
