from . import cycle_paths

NAME = "initiative_page"
TITLE = "Initiative page (HTML)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 40


def request(ds):
    return {"path": f"/initiatives/{ds['initiative_id']}/"}


def paths(ds, pool):
    return cycle_paths("/initiatives/{}/", pool["initiative_ids"], first=request(ds)["path"])
