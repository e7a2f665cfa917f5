import secrets

from django.db import migrations, models


def new_figures_stamp() -> int:
    # Kept here since the field went away (0006): the model no longer has this default.
    return secrets.randbits(62)


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0003_plan_figures_version"),
    ]

    operations = [
        migrations.RenameField(model_name="plan", old_name="figures_version", new_name="figures_stamp"),
        migrations.AlterField(
            model_name="plan",
            name="figures_stamp",
            field=models.PositiveBigIntegerField(default=new_figures_stamp, editable=False),
        ),
    ]
