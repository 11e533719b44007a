"""A task for test_faults: it blocks until a file appears, so that a worker can be killed while it runs."""

import time
from pathlib import Path

from django.tasks import task


@task()
def wait_for_file(path: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not Path(path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {seconds} s")
        time.sleep(0.05)
    return True
