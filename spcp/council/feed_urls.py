from django.urls import path

from spcp.council import views

app_name = "calendar"

urlpatterns = [
    path("<str:feed_token>.ics", views.calendar_feed, name="feed"),
]
