NAME = "initiative_page"
TITLE = "Initiative page (HTML)"
METHOD = "GET"
KIND = "read"
ORDER = 40


def request(ds):
    return {"path": f"/initiatives/{ds['initiative_id']}/"}
