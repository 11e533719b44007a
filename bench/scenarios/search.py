import random
from urllib.parse import quote

from . import PATHS

NAME = "search"
TITLE = "Arabic search, one or two words of the demo vocabulary (API)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 30


def request(ds):
    return {"path": f"/api/v1/initiatives?q={quote(ds['search_words'])}"}


def paths(ds, pool):
    rng = random.Random(30)
    words = pool["q"]
    out = [request(ds)["path"]]
    out += [f"/api/v1/initiatives?q={quote(w)}" for w in words]
    for _ in range(PATHS * 20):
        if len(set(out)) >= PATHS:
            break
        a, b = rng.sample(words, 2)
        query = f"q={quote(a + ' ' + b)}" if rng.random() < 0.7 else f"q={quote(a)}&region={rng.choice(pool['region'])}"
        out.append(f"/api/v1/initiatives?{query}")
    return list(dict.fromkeys(out))[:PATHS]
