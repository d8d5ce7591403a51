from django.urls import path

from spcp.offices import views

app_name = "offices"

urlpatterns = [path("", views.directory, name="directory")]
