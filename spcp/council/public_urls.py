from django.urls import path

from spcp.council import views

app_name = "progress"

urlpatterns = [
    path("<int:progress_plan_id>/", views.public_progress, name="plan"),
]
