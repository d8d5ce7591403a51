from django.urls import path

from spcp.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("coverage/", views.coverage, name="coverage"),
    path("members/", views.members, name="members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:planning_member_id>/edit/", views.member_edit, name="member_edit"),
    path("sectors/", views.sectors, name="sectors"),
    path("sectors/add/", views.sector_add, name="sector_add"),
    path("sectors/<int:planning_sector_id>/edit/", views.sector_edit, name="sector_edit"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/add/", views.task_add, name="task_add"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:planning_meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:planning_meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/add/", views.invitation_add, name="invitation_add"),
    path("invitations/import/", views.invitation_import, name="invitation_import"),
    path("invitations/<int:invitation_id>/edit/", views.invitation_edit, name="invitation_edit"),
    path("invitations/<int:invitation_id>/rsvp/", views.invitation_rsvp, name="invitation_rsvp"),
]
