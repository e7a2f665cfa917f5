from django.urls import path

from actionplan import views
from actionplan import views_authoring as authoring
from actionplan import views_import as importing
from actionplan import views_targets as targets

app_name = "actionplan"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/months/", views.plan_months_view, name="plan_months"),
    path("plans/<int:pk>/lampiran.pdf", views.plan_lampiran_pdf, name="plan_lampiran_pdf"),
    path("plans/<int:pk>/keputusan.pdf", views.plan_decree_pdf, name="plan_decree_pdf"),
    path("plans/<int:pk>/lampiran.xlsx", views.plan_lampiran_xlsx, name="plan_lampiran_xlsx"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/targets/", targets.item_targets, name="item_targets"),
    # Import from Excel/CSV (views_import.py): start → preview → confirm
    path("plans/import/", importing.import_new, name="import_new"),
    path("plans/import/template.xlsx", importing.import_template, name="import_template"),
    path("plans/<int:pk>/import/", importing.import_into, name="import_into"),
    path("imports/<str:token>/", importing.import_preview, name="import_preview"),
    # Authoring (views_authoring.py)
    path("plans/new/", authoring.plan_create, name="plan_create"),
    path("plans/<int:pk>/decree/", authoring.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/enact/", authoring.plan_enact, name="plan_enact"),
    path("plans/<int:pk>/copy/", authoring.plan_copy_view, name="plan_copy"),
    path("plans/<int:pk>/history/", authoring.plan_history_view, name="plan_history"),
    path("plans/<int:pk>/areas/new/", authoring.area_add, name="area_add"),
    path("areas/<int:pk>/edit/", authoring.area_edit, name="area_edit"),
    path("areas/<int:pk>/move/", authoring.area_move, name="area_move"),
    path("areas/<int:pk>/remove/", authoring.area_remove, name="area_remove"),
    path("areas/<int:pk>/items/new/", authoring.item_add, name="item_add"),
    path("items/<int:pk>/move/", authoring.item_move, name="item_move"),
    path("items/<int:pk>/remove/", authoring.item_remove, name="item_remove"),
    path("items/<int:pk>/requirements/", authoring.item_requirements, name="item_requirements"),
    path("requirements/<int:pk>/edit/", authoring.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/remove/", authoring.requirement_remove, name="requirement_remove"),
]
