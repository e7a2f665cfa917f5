from django.db import migrations, models

import actionplan.models.decree


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0003_plan_figures_version"),
    ]

    operations = [
        migrations.RenameField(model_name="plan", old_name="figures_version", new_name="figures_stamp"),
        migrations.AlterField(
            model_name="plan",
            name="figures_stamp",
            field=models.PositiveBigIntegerField(default=actionplan.models.decree.new_figures_stamp, editable=False),
        ),
    ]
