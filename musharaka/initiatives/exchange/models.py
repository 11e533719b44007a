"""Export jobs: a workbook built by a background worker, kept for its owner until it expires."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.core.files import private_storage

# A running job writes its progress at least this often (every chunk of rows, about a second);
# past it without a word, its worker is taken to have died.
STALL_AFTER = datetime.timedelta(minutes=5)
# How long a finished file (or a failure) is kept before prune_export_jobs removes it.
KEEP_FOR = datetime.timedelta(hours=24)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One XLSX export of the catalogue's rows for one person and their filters.

    Not an audited record: nobody edits it; it is made, written by the worker and removed.
    """

    # A random id: a job's address says nothing about anyone else's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    format = models.CharField(max_length=10, default="xlsx")
    filters = models.JSONField(default=dict)
    language = models.CharField(max_length=10)
    # The address of an initiative's page with "{id}" for its number (rows carry absolute links).
    row_url = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "status"], name="export_job_owner_status"),
            models.Index(fields=["expires_at"], name="export_job_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.format} export {self.id} ({self.status})"

    @property
    def stalled(self) -> bool:
        """Running (or picked up) but silent for longer than STALL_AFTER: its worker died."""
        if self.status != ExportStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return last < timezone.now() - STALL_AFTER

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED) or self.stalled

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
