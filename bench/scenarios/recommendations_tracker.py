from . import filter_paths

NAME = "recommendations_tracker"
TITLE = "Recommendations tracker (HTML: region, axis, status, organisation, overdue, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 74


def request(ds):
    return {"path": "/events/recommendations/?overdue=on"}


def paths(ds, pool):
    recs = pool["recommendations"]
    values = {"region": recs["region"], "axis": recs["axis"], "status": recs["status"],
              "organization": recs["organization"], "overdue": ["on"]}
    return filter_paths("/events/recommendations/", values, ("region", "axis", "status", "organization", "overdue"),
                        seed=74, max_page=4, first=request(ds)["path"])
