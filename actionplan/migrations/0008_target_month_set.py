import actionplan.models.decree
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0007_progress_protects_its_row"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="import_note",
            field=models.TextField(
                blank=True,
                help_text="Columns of the imported sheet the plan has no field for, as “header: value” lines.",
                verbose_name="note from the imported sheet",
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="target_month_mask",
            field=actionplan.models.decree.MonthMaskField(
                default=4095,
                help_text="The months between the start and end month that are targets; none ticked means all of them.",
                verbose_name="target months",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="import_note",
            field=models.TextField(
                blank=True,
                help_text="Columns of the imported sheet the plan has no field for, as “header: value” lines.",
                verbose_name="note from the imported sheet",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="target_month_mask",
            field=actionplan.models.decree.MonthMaskField(
                default=4095,
                help_text="The months between the start and end month that are targets; none ticked means all of them.",
                verbose_name="target months",
            ),
        ),
        migrations.AddConstraint(
            model_name="actionitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("target_month_mask__gte", 1), ("target_month_mask__lte", 4095)),
                name="item_target_month_mask_12_bits",
                violation_error_message="A row needs at least one target month.",
            ),
        ),
    ]
