NAME = "registration_burst"
TITLE = "Registration burst (API POST: many people, each with their token, at a few events)"
METHOD = "POST"
KIND = "write"
GROUP = "write"
ORDER = 92
# Each line of the mix is sent once: a person registers once for an event (a repeat answers 409). run.py
# gives each load level its own part of the mix, and prepare.py captures in-process from lines of its own.
ONCE = True
CAPTURE = 8  # lines kept for the in-process capture (a cold and a warm request each: 4 sampled pairs)


def request(ds):
    burst = ds["burst"]
    return {"path": f"/api/v1/events/{burst['event_ids'][0]}/registrations", "auth": True,
            "body": {"category": burst["category"]}}


def paths(ds, pool):
    """'path token' lines: person i at event i mod E, so that every line is a distinct (person, event)."""
    burst = ds["burst"]
    events = burst["event_ids"]
    return [f"/api/v1/events/{events[i % len(events)]}/registrations {token}"
            for i, token in enumerate(burst["tokens"])]
