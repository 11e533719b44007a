NAME = "impact_analysis_page"
TITLE = "SROI analysis page (HTML: published analyses with their value map, years, sensitivity; Arabic and English)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 98


def request(ds):
    return {"path": ds["impact_analysis_route"].format(ds["impact_analysis_id"])}


def paths(ds, pool):
    """The published current analyses spread over the table, each in both languages."""
    route = ds["impact_analysis_route"]
    out = [request(ds)["path"]]
    for analysis_id in pool["impact"]["published"]:
        for prefix in ("", "/en"):
            path = prefix + route.format(analysis_id)
            if path not in out:
                out.append(path)
    return out[:240]
