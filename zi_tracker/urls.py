"""URL map: the apps' pages, login, admin and the language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from actionplan import urls as actionplan_urls
from actionplan.views import home
from evidence.urls import actionplan_pages
from zi_tracker.views import healthz

urlpatterns = [
    path("", home, name="home"),
    # Plan and row pages that show evidence are composed in evidence/, under actionplan's names.
    path("", include((actionplan_urls.urlpatterns + actionplan_pages, "actionplan"))),
    path("", include("evidence.urls")),
    path("", include("reports.urls")),
    path("", include("rollup.urls")),
    path("", include("accounts.urls")),
    path("", include("lke.urls")),
    path("", include("monitoring.urls")),
    path("", include("notifications.urls")),
    path("", include("exports.urls")),
    path("healthz/", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ZI Tracker"
admin.site.site_title = "ZI Tracker"
