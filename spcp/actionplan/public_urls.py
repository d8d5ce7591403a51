from django.urls import path

from spcp.actionplan import views

app_name = "plans"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:plan_id>/", views.public_detail, name="detail"),
]
