from django.urls import path

from spcp.actionplan.documents import views

app_name = "plan_documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("plan/", views.plan, name="plan"),
    path("items/", views.items_csv, name="items_csv"),
]
