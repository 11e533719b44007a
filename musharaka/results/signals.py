"""Signals of the results framework, for apps that read indicators without owning them (e.g. impact analyses)."""

from django.dispatch import Signal

# Sent after an indicator's kept figures were recomputed, inside the same transaction; `indicator` is the record.
indicator_figures_changed = Signal()
