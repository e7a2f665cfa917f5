from django.urls import path

from actionplan import views

app_name = "actionplan"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/months/", views.plan_months_view, name="plan_months"),
    path("plans/<int:pk>/lampiran.pdf", views.plan_lampiran_pdf, name="plan_lampiran_pdf"),
    path("plans/<int:pk>/keputusan.pdf", views.plan_decree_pdf, name="plan_decree_pdf"),
    path("plans/<int:pk>/lampiran.xlsx", views.plan_lampiran_xlsx, name="plan_lampiran_xlsx"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
]
