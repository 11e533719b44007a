"""The name the process page's panels look for (`<part>_selectors.process_panel`, part "topics"): the topic
summary's reads live in topic_selectors."""

from .topic_selectors import process_panel

__all__ = ["process_panel"]
