import random

NAME = "reports_by_neighbourhood"
TITLE = "Residents' reports by neighbourhood (HTML list: place, category, status, pages; medians per category)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 99


def request(ds):
    return {"path": ds["reports_neighbourhood_path"]}


def paths(ds, pool):
    """Each busy neighbourhood's list (its region and city with it, as the form sends them), sometimes with a
    category, a status or a further page: what residents click."""
    rng = random.Random(16)
    filters = pool["reports"]["filters"]
    out = [request(ds)["path"]]
    for place in pool["reports"]["places"]:
        out.append(place)
        for _ in range(2):
            extra = ""
            if rng.random() < 0.6:
                extra += f"&category={rng.choice(filters['category'])}"
            if rng.random() < 0.5:
                extra += f"&status={rng.choice(filters['status'])}"
            if rng.random() < 0.3:
                extra += f"&page={rng.choice((2, 3))}"
            out.append(place + extra)
    return list(dict.fromkeys(out))[:240]
