from urllib.parse import quote

NAME = "search"
TITLE = "Arabic search, two words (API)"
METHOD = "GET"
KIND = "read"
ORDER = 30
P95_MS = 60


def request(ds):
    return {"path": f"/api/v1/initiatives?q={quote(ds['search_words'])}"}
