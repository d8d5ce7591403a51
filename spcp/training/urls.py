from django.urls import path

from spcp.training import views

app_name = "training"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("facilitators/", views.facilitator_list, name="facilitators"),
    path("facilitators/add/", views.facilitator_add, name="facilitator_add"),
    path("facilitators/<int:facilitator_id>/", views.facilitator_detail, name="facilitator"),
    path("facilitators/<int:facilitator_id>/edit/", views.facilitator_edit, name="facilitator_edit"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/attendance/", views.session_attendance, name="session_attendance"),
    path("modules/", views.module_list, name="modules"),
    path("modules/add/", views.module_add, name="module_add"),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module_edit"),
]
