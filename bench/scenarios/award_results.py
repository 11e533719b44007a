from . import cycle_paths

NAME = "award_results"
TITLE = "Award results page (HTML: the published cycles' winners, Arabic and English)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 92


def request(ds):
    return {"path": f"/awards/cycles/{ds['award_published_cycle_id']}/results/"}


def paths(ds, pool):
    published = pool["awards"]["published"]
    arabic = cycle_paths("/awards/cycles/{}/results/", published, first=request(ds)["path"])
    return (arabic + cycle_paths("/en/awards/cycles/{}/results/", published))[:240]
