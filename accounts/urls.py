from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("units/<int:pk>/members/", views.members, name="members"),
    path("units/<int:pk>/members/<int:user_id>/password/", views.member_password, name="member_password"),
    path("units/<int:pk>/members/<int:user_id>/", views.member_edit, name="member_edit"),
]
