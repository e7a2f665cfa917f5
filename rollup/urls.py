from django.urls import path

from rollup import views

app_name = "rollup"
urlpatterns = [
    path("rekap/", views.rollup_home, name="home"),
    path("units/<int:pk>/rekap/", views.rollup_view, name="unit"),
    path("units/<int:pk>/rekap.xlsx", views.rollup_xlsx_view, name="xlsx"),
    path("units/<int:pk>/rekap.pdf", views.rollup_pdf_view, name="pdf"),
    path("plans/<int:pk>/penilaian-pendahuluan/", views.plan_assessment, name="plan_assessment"),
    path("plans/<int:pk>/penilaian-pendahuluan/ringkas/", views.verdict_fragment, name="verdict_fragment"),
]
