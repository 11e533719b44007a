"""The reliability and security suite: where the cases that cut across every app live.

One module per concern — API fuzzing, the permission matrix over every URL, concurrency on real
parallel connections, hostile input, abuse, faults, backup and restore. A new module (events,
awards, plans …) adds its rows and cases here; the README's "Reliability" section lists the figures.
"""
