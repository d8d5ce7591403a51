from django.urls import path  # noqa: F401

app_name = "plan_documents"

urlpatterns: list = []
