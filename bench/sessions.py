"""Signed-in web sessions for the page scenarios of people (the awards' judge's queue and organiser's board).

A scenario that declares SESSION = True has path-mix lines "path key": each is requested with the cookie
`sessionid=key` (report.lua), a session of the person whose id the key ends with. The key is derived from the
person (session_key_for), so that run.py can write the same sessions again into the store of each server it
starts (the PostgreSQL run keeps sessions in a Redis that is flushed before every server):

    python bench/sessions.py PATHS_FILE     (with the app's DATABASE_URL / REDIS_URL)
"""

import os
import sys
from pathlib import Path

PREFIX = "benchsession"  # + the person's id on 20 digits: 32 characters, as Django's own keys
BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_key_for(user_id: int) -> str:
    return f"{PREFIX}{user_id:020d}"


def user_id_of(key: str) -> int:
    return int(key.removeprefix(PREFIX))


def ensure(keys) -> int:
    """Write each key's session (signed in as its person) where it is missing; returns how many were written."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from musharaka.accounts.models import User

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    keys = sorted(set(keys))
    users = User.objects.in_bulk([user_id_of(key) for key in keys])
    written = 0
    for key in keys:
        store = store_class(session_key=key)
        if store.exists(key):
            continue
        user = users[user_id_of(key)]
        store.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND,
                      HASH_SESSION_KEY: user.get_session_auth_hash()})
        store._session_key = key
        store.save(must_create=True)
        written += 1
    return written


def keys_in(paths_file: Path) -> list[str]:
    return [line.split()[1] for line in paths_file.read_text().splitlines() if len(line.split()) == 2]


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
    import django

    django.setup()
    print(ensure(keys_in(Path(sys.argv[1]))))
