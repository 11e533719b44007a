NAME = "participation_process"
TITLE = "Participatory process page (HTML: phases, counts and the parts' panels, Arabic and English)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 121


def request(ds):
    return {"path": ds["participation_process_route"].format(ds["participation_process_id"])}


def paths(ds, pool):
    route = ds["participation_process_route"]
    out = [request(ds)["path"]]
    for process_id in pool["participation"]["processes"]:
        for prefix in ("", "/en"):
            out.append(prefix + route.format(process_id))
    return list(dict.fromkeys(out))[:240]
