"""Indexes the bench scenarios showed missing (issue #11): the events list's count and the recommendations
tracker's order (see README, "Performance")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_merge_recommendations"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["is_published", "ends_at", "kind", "region", "city"], name="event_list_when"),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["event_published", "due_date", "event", "number", "status"],
                               name="rec_due_order"),
        ),
    ]
