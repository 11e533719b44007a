"""Covers move to the private storage: a draft's cover must have no public URL (issue #10).

Every existing cover file is moved from MEDIA_ROOT to PRIVATE_MEDIA_ROOT, published ones too: the field
has one storage, and a published cover is served by the same checking view (with caching headers).
The move copies first and deletes the public file last, so a failure leaves the public copy in place; a
name already taken in the private folder gets a free one, written to the row (and its history rows).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import migrations, models

import musharaka.core.files


def _move(apps, source: FileSystemStorage, target: FileSystemStorage) -> None:
    Initiative = apps.get_model("initiatives", "Initiative")
    HistoricalInitiative = apps.get_model("initiatives", "HistoricalInitiative")
    names = (Initiative.objects.exclude(cover_image="").order_by().values_list("cover_image", flat=True).distinct())
    for name in list(names):
        if not source.exists(name):
            continue  # already moved (a migration run again after a failure), or lost before
        with source.open(name, "rb") as handle:
            stored = target.save(name, handle)
        if stored != name:
            Initiative.objects.filter(cover_image=name).update(cover_image=stored)
            HistoricalInitiative.objects.filter(cover_image=name).update(cover_image=stored)
        source.delete(name)


def covers_to_private(apps, schema_editor):
    _move(apps, FileSystemStorage(location=settings.MEDIA_ROOT), musharaka.core.files.private_storage())


def covers_to_public(apps, schema_editor):
    _move(apps, musharaka.core.files.private_storage(), FileSystemStorage(location=settings.MEDIA_ROOT))


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0004_counts_and_similar'),
    ]

    operations = [
        migrations.AlterField(
            model_name='initiative',
            name='cover_image',
            field=models.ImageField(blank=True, storage=musharaka.core.files.private_storage, upload_to='initiatives/covers/%Y/', verbose_name='cover image'),
        ),
        migrations.RunPython(covers_to_private, covers_to_public),
    ]
