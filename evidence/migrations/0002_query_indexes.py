"""Index for the hot evidence queries' filters (issue 18), checked with EXPLAIN at 20,000 evidence."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actionplan', '0005_query_indexes'),
        ('evidence', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A requirement's evidence in one status: the "has accepted evidence" Exists of the
        # dashboard, plan_coverage and missing_evidence, and the dashboard's waiting-for-review
        # count (plan's requirement ids, status "diajukan").
        migrations.AddIndex(
            model_name='evidence',
            index=models.Index(fields=['requirement', 'status'], name='evidence_req_status_idx'),
        ),
    ]
