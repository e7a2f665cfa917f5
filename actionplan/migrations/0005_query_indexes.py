"""Indexes for the hot queries' filters (issue 18), each checked with EXPLAIN at 20,000 evidence.

Progress by item and month needs no new index: the unique constraint
progress_one_entry_per_month (item, month) already serves with_status()'s and the progress
line's "latest entry of this row up to month m" subqueries.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('actionplan', '0004_plan_figures_stamp'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Rows of an area by section: the register's section filter (reports.views) and
        # visible_items(section=...), and the dashboard's count grouped by (area, section, status).
        migrations.AddIndex(
            model_name='actionitem',
            index=models.Index(fields=['area', 'section'], name='item_area_section_idx'),
        ),
    ]
