from . import PATHS

NAME = "open311_requests"
TITLE = "Open311 requests.json (service_code, status and a date window: up to 1,000 requests each)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 110

ROUTE = "/open311/v2/requests.json"


def request(ds):
    return {"path": ds["o31116_requests_first"]}


def paths(ds, pool):
    """Each service code × status × date window in use, then windows alone, in a fixed order."""
    found = pool["o31116"]
    out = [request(ds)["path"]]
    for start, end in found["windows"]:
        for code in found["codes"]:
            for status in ("open", "closed"):
                out.append(f"{ROUTE}?service_code={code}&status={status}&start_date={start}&end_date={end}")
        out.append(f"{ROUTE}?start_date={start}&end_date={end}")
    return list(dict.fromkeys(out))[:PATHS]
