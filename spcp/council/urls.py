from django.urls import path

from spcp.council import views

app_name = "council"

MEETING = "meetings/<int:council_meeting_id>/"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("handover/", views.handover, name="handover"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/import/", views.members_import, name="members_import"),
    path("members/<int:council_member_id>/edit/", views.member_edit, name="member_edit"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
    path(MEETING, views.meeting_detail, name="meeting"),
    path(MEETING + "edit/", views.meeting_edit, name="meeting_edit"),
    path(MEETING + "cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "invite/", views.meeting_invite, name="meeting_invite"),
    path(MEETING + "meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(MEETING + "agenda/build/", views.agenda_build, name="agenda_build"),
    path(MEETING + "agenda/add/", views.agenda_add, name="agenda_add"),
    path(MEETING + "agenda/<int:council_agenda_item_id>/", views.agenda_item_change, name="agenda_item"),
    path(MEETING + "minutes/", views.meeting_minutes, name="minutes"),
    path(MEETING + "decisions/add/", views.decision_add, name="decision_add"),
    path("progress/", views.progress, name="progress"),
    path("progress/steps/<int:plan_step_id>/", views.step_detail, name="step"),
]
