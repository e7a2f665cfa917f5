# ReminderLog now belongs to the reminders app (reminders/0001 took over its table and rows);
# actionplan only forgets the model, the database is not touched here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0008_target_month_set"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReminderLog")],
            database_operations=[],
        ),
    ]
