"""The dashboard cache keeps its own per-plan generation (reports.figures): no write to the plan's row."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actionplan', '0005_query_indexes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='plan',
            name='figures_stamp',
        ),
    ]
