"""Benchmark scenarios: one module each, found by name.

A scenario module defines
    NAME       short identifier (used in result tables and as the floor's route)
    TITLE      one line for the README table
    METHOD     "GET" or "POST"
    KIND       "read" (also run against the floor) or "write"
    request(ds) -> dict(path=..., body=None or dict, auth=False)   built from the dataset facts
optionally
    P95_MS     the p95 target at 32 connections (default 50)
    FLOOR      False to skip the floor run for a read scenario ("no floor yet")
    STREAMING  True for exports (target: worker peak RSS < 200 MB)
"""

import importlib
import pkgutil


def load() -> list:
    modules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "request"):
            modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 50))
