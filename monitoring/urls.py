from django.urls import path

from monitoring import views, views_letterhead

app_name = "monitoring"
urlpatterns = [
    path("plans/<int:pk>/monev/meetings/", views.session_list, name="sessions"),
    path("plans/<int:pk>/monev/meetings/new/", views.session_create, name="session_create"),
    path("plans/<int:pk>/monev/recommendations/open/", views.plan_recommendations_fragment, name="plan_open"),
    path("monev/meetings/<int:pk>/", views.session_detail, name="session"),
    path("monev/meetings/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("monev/meetings/<int:pk>/recommendations/", views.recommendation_create, name="recommendation_create"),
    path("monev/recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("monev/recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("monev/recommendations/<int:pk>/follow-up/", views.recommendation_follow_up_view, name="follow_up"),
    path("monev/recommendations/<int:pk>/reopen/", views.recommendation_reopen_view, name="reopen"),
    path("monev/files/<int:pk>/", views.document_download, name="download"),
    path("monev/mine/", views.my_recommendations, name="mine"),
    path("monev/mine/card/", views.my_recommendations_fragment, name="mine_card"),
    path("units/<int:pk>/letterhead/", views_letterhead.letterhead_edit, name="letterhead"),
    path("units/<int:pk>/letterhead/logo/", views_letterhead.letterhead_logo, name="letterhead_logo"),
]
