from . import filter_paths

NAME = "event_list"
TITLE = "Events list page (HTML: kind, region, city, axis, upcoming/past, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 70


def request(ds):
    return {"path": f"/events/?region={ds['event_region_id']}&when=upcoming"}


def paths(ds, pool):
    events = pool["events"]
    values = {"kind": events["kind"], "region": events["region"], "city": events["city"], "axis": events["axis"],
              "when": ["upcoming", "past"], "q": events["q"]}
    return filter_paths("/events/", values, ("kind", "region", "city", "axis", "when", "q"), seed=70, max_page=4,
                        first=request(ds)["path"])
