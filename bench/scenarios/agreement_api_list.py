from . import filter_paths
from .agreement_register import FILTERS

NAME = "agreement_api_list"
TITLE = "Agreements API list (the register's filters and pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 81


def request(ds):
    return {"path": f"/api/v1/partnerships?region={ds['agreement_region_id']}&status=active"}


def paths(ds, pool):
    return filter_paths("/api/v1/partnerships", pool["partnerships"], FILTERS, seed=81, max_page=3,
                        first=request(ds)["path"])
