from django.http import HttpResponse
from django.urls import path

app_name = "planning"

urlpatterns = [path("", lambda r, program_id: HttpResponse("todo"), name="overview")]
