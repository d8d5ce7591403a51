from django.urls import path

from spcp.forum.consumers import ForumConsumer

websocket_urlpatterns = [path("ws/forum/<str:code>/", ForumConsumer.as_asgi())]
