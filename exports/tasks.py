"""Background work of exports: build one file through the task queue (django-tasks; README "Large exports")."""

from django_tasks import task

from exports.services import export_run


@task()
def produce_export(export_id: int) -> str:
    return export_run(export_id=export_id)
