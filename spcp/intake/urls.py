from django.http import HttpResponse
from django.urls import path

app_name = "intake"

urlpatterns = [
    path("new/", lambda r: HttpResponse("todo"), name="request"),
    path("triage/", lambda r: HttpResponse("todo"), name="triage"),
]
