from django.urls import path

from spcp.intake import views

app_name = "intake"

urlpatterns = [
    path("new/", views.request_new, name="request"),
    path("submitted/<uuid:token>/", views.request_submitted, name="submitted"),
    path("status/", views.request_status, name="status"),
    path("triage/", views.triage, name="triage"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/accept/", views.request_accept, name="accept"),
    path("<int:request_id>/decline/", views.request_decline, name="decline"),
]
