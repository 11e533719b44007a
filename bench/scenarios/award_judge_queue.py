NAME = "award_judge_queue"
TITLE = "Judge's queue (HTML, signed in: 240 judges of open rounds, each their own queue and its pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
SESSION = True  # lines "path key": each judge's own signed-in session (bench/sessions.py)
ORDER = 90


def request(ds):
    return {"path": "/awards/judging/", "session": ds["award_judge_session"]}


def paths(ds, pool):
    out = []
    for key, pages in pool["awards"]["judges"]:
        out.append(f"/awards/judging/ {key}")
        if pages > 1 and len(out) < 240:
            out.append(f"/awards/judging/?page={pages} {key}")
        if len(out) >= 240:
            break
    return out
