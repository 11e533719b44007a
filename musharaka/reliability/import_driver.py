"""Run a real spreadsheet import in a process of its own (test_faults kills it halfway).

    python -m musharaka.reliability.import_driver FILE USERNAME

The database is DATABASE_URL's. Each row the import writes (inside its one transaction) is printed
as "row <id>" so that the test knows rows are being written when it sends SIGKILL.
"""

import os
import sys


def main(path: str, username: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from musharaka.accounts.models import User
    from musharaka.initiatives.exchange import services

    write_row = services.initiative_create

    def write_and_report(**kwargs):
        initiative = write_row(**kwargs)
        print(f"row {initiative.pk}", flush=True)
        return initiative

    services.initiative_create = write_and_report
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(os.path.basename(path), handle.read())
    result = services.initiatives_import(actor=User.objects.get(username=username), upload=upload, dry_run=False)
    print(f"done {len(result.created)} errors {len(result.errors)}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
