NAME = "mixed"
TITLE = "Mixed: path-mix reads at 32 connections, an API write (create or edit) every 100 ms"
METHOD = "GET"
KIND = "mixed"
GROUP = "mixed"
ORDER = 95
LEVELS = (32,)
WRITE_INTERVAL_S = 0.1
READS_FROM = ("catalogue", "api_list", "search", "initiative_page", "portfolio", "organizations")


def request(ds):
    return {"path": "/initiatives/"}
