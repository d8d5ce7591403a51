from django.urls import path

from spcp.evaluation import views

app_name = "surveys"

urlpatterns = [
    path("<str:survey_code>/", views.respond, name="respond"),
    path("<str:survey_code>/thanks/", views.thanks, name="thanks"),
]
