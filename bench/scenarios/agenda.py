from . import cycle_paths

NAME = "agenda"
TITLE = "Event agenda page (HTML: days, parallel tracks, speakers)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 72


def request(ds):
    return {"path": f"/events/{ds['agenda_event_id']}/agenda/"}


def paths(ds, pool):
    # Published events with sessions, spread over the id range (the samples' multi-day forums among them).
    return cycle_paths("/events/{}/agenda/", pool["events"]["agenda_ids"], first=request(ds)["path"])
