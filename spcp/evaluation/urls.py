from django.urls import path

from spcp.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("surveys/add/", views.survey_add, name="survey_add"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/status/", views.survey_status, name="survey_status"),
    path("surveys/<int:survey_id>/flyer/", views.survey_flyer, name="survey_flyer"),
    path("results/", views.results, name="results"),
]
