"""The bell's page: a user's notifications, opening one, marking them read, and the e-mail choices."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.forms import EmailPreferencesForm, MarkReadForm
from notifications.models import Notification
from notifications.selectors import email_choices, user_notifications
from notifications.services import email_preferences_save, notifications_read

PER_PAGE = 30


def notification_list(request):
    """The user's own notifications, 30 a page, newest first: 2 queries plus the page's count."""
    page = Paginator(user_notifications(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    newest = max((n.pk for n in page.object_list), default=0)
    return render(
        request, "notifications/list.html", {"page": page, "mark_form": MarkReadForm(initial={"up_to": newest})}
    )


def notification_open(request, pk: int):
    """Open one (only one's own: 404 otherwise): marked read, then its page."""
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    notifications_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notifications_mark_read(request):
    """Mark read what the page showed: those up to the newest listed (a later one stays unread)."""
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Reload the page and try again."))
    notifications_read(user=request.user, up_to=form.cleaned_data["up_to"])
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


def email_settings(request):
    """Which kinds also come by e-mail; the bell always shows them all."""
    form = EmailPreferencesForm(request.POST or None, choices=email_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        email_preferences_save(user=request.user, by_email=form.cleaned_data)
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "has_email": bool(request.user.email)})
