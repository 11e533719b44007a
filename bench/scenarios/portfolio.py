NAME = "portfolio"
TITLE = "Organisation portfolio page (HTML)"
METHOD = "GET"
KIND = "read"
ORDER = 60


def request(ds):
    return {"path": f"/initiatives/organizations/{ds['organization_id']}/"}
