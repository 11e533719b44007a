from . import cycle_paths

NAME = "portfolio"
TITLE = "Organisation portfolio page (HTML)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 60


def request(ds):
    return {"path": f"/initiatives/organizations/{ds['organization_id']}/"}


def paths(ds, pool):
    return cycle_paths("/initiatives/organizations/{}/", pool["organization_ids"], first=request(ds)["path"])
