from django.urls import path

from lke import views

app_name = "lke"
urlpatterns = [
    path("lke/", views.lke_home, name="home"),
    path("plans/<int:pk>/lke/", views.assessment_view, name="assessment"),
    path("plans/<int:pk>/lke/edit/", views.section_edit, name="section_edit"),
    path("plans/<int:pk>/lke/score/", views.score_view, name="score"),
    path("plans/<int:pk>/lke/gaps/", views.gaps_view, name="gaps"),
    path("plans/<int:pk>/lke/menuju-wbk/", views.wbk_edit, name="wbk"),
    path("plans/<int:pk>/lke/summary/", views.summary_fragment, name="summary"),
    path("plans/<int:pk>/lke/lke.xlsx", views.export_xlsx, name="export"),
    path("plans/<int:pk>/lke/import/", views.import_xlsx, name="import"),
    path("items/<int:pk>/lke-links/", views.item_links, name="item_links"),
]
