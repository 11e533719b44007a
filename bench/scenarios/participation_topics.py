NAME = "participation_topics"
TITLE = "Topic summary of a process's input (HTML: topics with counts per neighbourhood and group, stored summary)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 123


def request(ds):
    return {"path": ds["participation_topics_route"].format(ds["participation_process_id"])}


def paths(ds, pool):
    route = ds["participation_topics_route"]
    out = [request(ds)["path"]]
    for process_id in pool["participation"]["processes"]:
        for prefix in ("", "/en"):
            out.append(prefix + route.format(process_id))
    return list(dict.fromkeys(out))[:240]
