"""Benchmark scenarios: one module each, found by name.

A scenario module defines
    NAME       short identifier (used in result tables and as the floor's route)
    TITLE      one line for the README table
    METHOD     "GET" or "POST"
    KIND       "read" (also run against the floor), "write", or "mixed" (reads of the other scenarios' paths
               while run.py writes through the API every 100 ms)
    GROUP      which issue #9 target applies: "api", "page", "csv", "xlsx", "iati", "write", "mixed"
    request(ds) -> dict(path=..., body=None or dict, auth=False)   built from the dataset facts
optionally
    paths(ds, pool) -> list[str]   the path mix wrk cycles through (at least 200 distinct paths, drawn
               deterministically from the dataset's pool of ids, filter values and words; see prepare.py)
    HTML       True for pages: the page floor renders their templates without Django's request cycle
    FLOOR      False to skip the floor run for a read scenario ("no floor yet")
    STREAMING  True for exports (target: worker peak RSS < 200 MB)
    LEVELS     the wrk connection counts (default (4, 32))
    BACKGROUND_NOTE  for an export that may have become a background job: shown when the endpoint
               answers 202 (or no longer answers GET)
"""

import importlib
import pkgutil
import random
from urllib.parse import urlencode

PATHS = 240  # distinct paths per read scenario (issue #9: at least 200)


def load() -> list:
    modules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "request"):
            modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 50))


def filter_paths(prefix: str, pool: dict, keys: tuple, *, seed: int, max_page: int = 3, first: str = "",
                 count: int = PATHS) -> list[str]:
    """Distinct `prefix` + query strings combining 0–3 of the filters in `keys` with values from `pool`
    (and sometimes a page number), in a fixed pseudo-random order: what people click in a catalogue."""
    rng = random.Random(seed)
    out, seen = ([first], {first}) if first else ([], set())
    keys = tuple(k for k in keys if pool.get(k))
    for _ in range(count * 50):
        if len(out) >= count:
            break
        chosen = rng.sample(keys, min(len(keys), rng.choice((0, 1, 1, 2, 2, 2, 3))))
        params = {key: rng.choice(pool[key]) for key in sorted(chosen)}
        page = rng.choice((1, 1, 1, 1, *range(2, max_page + 1)))
        if page > 1:
            params["page"] = page
        path = prefix + ("?" + urlencode(params) if params else "")
        if path not in seen:
            seen.add(path)
            out.append(path)
    return out


def cycle_paths(template: str, values: list, *, first: str = "", count: int = PATHS) -> list[str]:
    out = [first] if first else []
    for value in values:
        path = template.format(value)
        if path not in out:
            out.append(path)
        if len(out) >= count:
            break
    return out
