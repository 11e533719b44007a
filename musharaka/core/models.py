from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SearchEntry(models.Model):
    """The normalised search document of one record of one kind (see core.search).

    The full-text index beside it is database-specific and made by this app's migrations:
    an FTS5 table (kind, document, stems) on SQLite, a tsvector column (document ‖ stems) with GIN
    and trigram indexes on PostgreSQL.
    """

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    # Normalised with arabic.normalize (ة → ه) for matching, and with normalize_light for the
    # PostgreSQL Arabic stemmer, which needs ة to recognise feminine endings.
    document = models.TextField()
    document_light = models.TextField()
    # The stems of the document's words (arabic.word_stems of each light word), matched beside the words.
    stems = models.TextField(default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
