"""Background work of notifications: e-mail, through the task queue (django-tasks; see README "Background tasks")."""

from django_tasks import task

from notifications.services import notifications_email


@task()
def send_notification_emails(ids: list[int]) -> dict:
    """Send these notifications' e-mails; a failure is recorded on the notification for `send_notifications`."""
    sent, failed = notifications_email(ids=ids)
    return {"sent": sent, "failed": failed}
