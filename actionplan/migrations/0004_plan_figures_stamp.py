from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0003_plan_figures_version"),
    ]

    operations = [
        migrations.RenameField(model_name="plan", old_name="figures_version", new_name="figures_stamp"),
    ]
