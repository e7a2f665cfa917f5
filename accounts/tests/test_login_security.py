"""Logins: lockout after repeated failures, password change and reset, idle timeout, logout, headers."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SEEN
from conftest import PASSWORD
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_lockout_after_repeated_failures_with_an_indonesian_message(client, pic, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "dewi", "salah").status_code == 200  # the form again, with its error
    response = log_in(client, "dewi", "salah")
    assert response.status_code == 429
    response = log_in(client, "dewi", PASSWORD)  # the right password no longer helps
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak gagal masuk" in html and "15 menit" in html
    assert "_auth_user_id" not in client.session
    # Another computer is not locked out: the lockout is per username and address.
    assert log_in(client, "dewi", PASSWORD, address="10.0.0.2").status_code == 302


def test_superuser_unlocks_in_admin(client, pic, settings, django_user_model):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "dewi", "salah")
    attempt = AccessAttempt.objects.get(username="dewi")
    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    client.logout()
    assert log_in(client, "dewi", PASSWORD).status_code == 302


def test_every_user_changes_their_password(client, pic):
    client.force_login(pic)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    form = rendered_form(page.content.decode(), action="")
    new = "kata-sandi-baru-2025"
    changes = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post(reverse("password_change"), form_post_data(form, changes)).status_code == 302
    pic.refresh_from_db()
    assert pic.check_password(new)


def test_password_reset_by_email(client, pic):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200  # reachable without logging in
    form = rendered_form(page.content.decode(), action="")
    response = client.post(reverse("password_reset"), form_post_data(form, {"email": pic.email}))
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert mail.outbox[0].subject == "ZI Tracker: pilih kata sandi baru"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    form = rendered_form(page.content.decode(), action="")
    new = "kata-sandi-baru-2025"
    response = client.post(
        page.redirect_chain[-1][0], form_post_data(form, {"new_password1": new, "new_password2": new})
    )
    assert response.status_code == 302
    pic.refresh_from_db()
    assert pic.check_password(new)


def test_idle_session_expires_and_activity_renews_it(client, pic, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    log_in(client, "dewi", PASSWORD)
    session = Session.objects.get(session_key=client.session.session_key)
    assert abs(session.expire_date - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=30)
    # A request more than 5 minutes after the last renewal pushes the expiry forward.
    stored = client.session
    stored[SEEN] -= 301
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(reverse("actionplan:plan_list")).status_code == 200
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + timedelta(minutes=29)
    # Idle past the limit: the session is gone and the next page asks to log in.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("actionplan:plan_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_logout_ends_the_session(client, pic):
    log_in(client, "dewi", PASSWORD)
    key = client.session.session_key
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_security_headers(client, pic, settings):
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    settings.SECURE_HSTS_SECONDS = 31536000  # what SECURE_COOKIES=1 turns on
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    https = Client()  # SecurityMiddleware reads its settings when a client first loads it
    https.force_login(pic)
    response = https.get(reverse("actionplan:plan_list"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_login_page_has_no_inline_script(client):
    html = client.get(reverse("login")).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "Lupa kata sandi?" in html
