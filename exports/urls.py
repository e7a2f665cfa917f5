from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("plans/<int:pk>/exports/<str:kind>/", views.export_new, name="new"),
    path("exports/<int:pk>/", views.export_detail, name="detail"),
    path("exports/<int:pk>/status.json", views.export_status, name="status"),
    path("exports/<int:pk>/download", views.export_download, name="download"),
    path("exports/<int:pk>/retry", views.export_retry_view, name="retry"),
]
