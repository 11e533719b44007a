"""The other parts' panels on a process page: each part that exists provides
`<part>_selectors.process_panel(process, user) -> dict` and the partial `participation/<part>/_process_panel.html`.

A part not merged yet is simply absent (its module is not found), so that each branch works alone.
"""

import importlib
from dataclasses import dataclass
from typing import Any

PANEL_PARTS = ("moderation", "surveys", "budgets", "topics")


@dataclass
class Panel:
    part: str
    template: str
    context: dict[str, Any]


def process_panels(process, user) -> list[Panel]:
    panels = []
    for part in PANEL_PARTS:
        module_name = f"musharaka.participation.{part}_selectors"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise  # a real missing import inside the part's module is a bug, not an absent part
            continue
        panel = getattr(module, "process_panel", None)
        if panel is None:
            continue
        context = panel(process, user)
        if context is not None:
            panels.append(Panel(part=part, template=f"participation/{part}/_process_panel.html", context=context))
    return panels
