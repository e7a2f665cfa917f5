# ReminderLog moves here from actionplan: the model's state is created as it stands (its table
# kept, so no log row is lost), then its table is renamed to this app's name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("actionplan", "0008_target_month_set"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=30)),
                        ("sent_on", models.DateField()),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        ("item_count", models.PositiveIntegerField(default=0)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder sent",
                        "verbose_name_plural": "reminders sent",
                        "ordering": ["-sent_at"],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "kind", "sent_on"), name="reminder_once_per_day")
                        ],
                        "db_table": "actionplan_reminderlog",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="reminderlog", table=None),
    ]
