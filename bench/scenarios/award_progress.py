NAME = "award_progress"
TITLE = "Organiser's progress board (HTML, signed in: every cycle, by an editor of its organiser)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
SESSION = True  # lines "path key": an organiser's signed-in session (bench/sessions.py)
ORDER = 91


def request(ds):
    return {"path": f"/awards/cycles/{ds['award_progress_cycle_id']}/progress/", "session": ds["award_organiser_session"]}


def paths(ds, pool):
    lines = [f"/awards/cycles/{cycle_id}/progress/ {key}" for cycle_id, key in pool["awards"]["organisers"]]
    lines += [f"/en/awards/cycles/{cycle_id}/progress/ {key}" for cycle_id, key in pool["awards"]["organisers"]]
    return lines[:240]
