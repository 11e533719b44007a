"""EventAgreement is gone: partnerships 0002 moved every row into partnerships.Agreement (the one agreement model,
issue #12). Its files stay where they are: the agreements' documents hold the same stored names."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_merge_certificates_exhibition_media_indexes'),
        ('partnerships', '0002_from_event_agreements'),
    ]

    operations = [
        # Dropping the table drops its index and the table of its parties on the platform with it.
        migrations.DeleteModel(
            name='HistoricalEventAgreement',
        ),
        migrations.DeleteModel(
            name='EventAgreement',
        ),
    ]
