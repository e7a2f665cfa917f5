"""The LKE of PermenPAN-RB 90/2021 (fixtures/lke_permenpanrb_90_2021.json), so every database has it."""
from django.db import migrations


def load(apps, schema_editor):
    from lke.catalogue import catalogue_load

    catalogue_load(models=apps)


def unload(apps, schema_editor):
    apps.get_model("lke", "Version").objects.filter(code="permenpanrb-90-2021").delete()


class Migration(migrations.Migration):
    dependencies = [("lke", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
