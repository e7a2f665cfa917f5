from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard_home"),
    path("plans/<int:pk>/dashboard/", views.dashboard_view, name="dashboard"),
    path("plans/<int:pk>/rows/", views.items_view, name="items"),
    path("plans/<int:pk>/monev/", views.monev_view, name="monev"),
    path("plans/<int:pk>/monev.pdf", views.monev_pdf_view, name="monev_pdf"),
    path("plans/<int:pk>/monev.xlsx", views.monev_xlsx_view, name="monev_xlsx"),
]
