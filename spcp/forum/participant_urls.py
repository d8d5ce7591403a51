"""The participant's page (language-prefixed, no account) and the short link the QR code carries."""

from django.urls import path

from spcp.forum.views import participant

app_name = "participant"

urlpatterns = [
    path("<str:code>/", participant.page, name="page"),
]
