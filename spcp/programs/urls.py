from django.urls import path

from spcp.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/advance/", views.program_advance, name="advance"),
    path("<int:program_id>/audit/", views.program_audit, name="audit"),
]
