from urllib.parse import quote

NAME = "org_search"
TITLE = "Organisations API search"
METHOD = "GET"
KIND = "read"
ORDER = 50


def request(ds):
    return {"path": f"/api/v1/organizations?q={quote(ds['org_words'])}"}
