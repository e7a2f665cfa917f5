"""Moving ReminderLog from actionplan to reminders keeps every log row (so nobody is reminded twice)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actionplan", "0008_target_month_set"), ("reminders", None)]
AFTER = [("actionplan", "0009_reminderlog_moved_to_reminders"), ("reminders", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_log_rows_survive_the_move(django_user_model):
    old_apps = migrate(BEFORE)
    user = old_apps.get_model("auth", "User").objects.create(username="dewi", email="dewi@example.test")
    old_apps.get_model("actionplan", "ReminderLog").objects.create(
        user=user, kind="pic", sent_on=date(2025, 3, 10), item_count=3
    )
    try:
        new_apps = migrate(AFTER)
        [row] = new_apps.get_model("reminders", "ReminderLog").objects.all()
        assert (row.user_id, row.kind, row.sent_on, row.item_count) == (user.pk, "pic", date(2025, 3, 10), 3)
        assert "reminders_reminderlog" in connection.introspection.table_names()
        assert "actionplan_reminderlog" not in connection.introspection.table_names()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
