from django.urls import path

from evidence import pages, views

app_name = "evidence"
urlpatterns = [
    path("items/<int:pk>/evidence/", views.evidence_upload, name="upload"),
    path("evidence/<int:pk>/replace/", views.evidence_replace_view, name="replace"),
    path("evidence/<int:pk>/", views.evidence_detail, name="detail"),
    path("evidence/<int:pk>/review/", views.evidence_review_view, name="review"),
    path("evidence/files/<int:pk>/", views.revision_download, name="download"),
    path("evidence/review/", views.queue, name="queue"),
    path("plans/<int:pk>/documents/", views.plan_documents_view, name="documents"),
    path("plans/<int:pk>/evidence.zip", views.plan_bundle, name="bundle"),
    path("plans/<int:pk>/evidence-register.xlsx", views.plan_register, name="register"),
]

# Pages named in actionplan's namespace but composed here, because they show rows with their
# evidence (evidence/pages.py); zi_tracker/urls.py adds them to actionplan's URLs.
actionplan_pages = [
    path("my-work/", pages.my_work, name="my_work"),
    path("plans/<int:pk>/", pages.plan_detail, name="plan_detail"),
    path("items/<int:pk>/", pages.item_detail_view, name="item_detail"),
    path("items/<int:pk>/progress/", pages.item_progress, name="item_progress"),
]
