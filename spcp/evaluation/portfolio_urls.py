from django.urls import path

from spcp.evaluation import views

app_name = "portfolio"

urlpatterns = [
    path("", views.portfolio, name="home"),
    path("programs.csv", views.portfolio_csv, name="programs_csv"),
]
