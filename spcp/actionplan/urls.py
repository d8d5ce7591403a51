from django.urls import path

from spcp.actionplan import views

app_name = "actionplan"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("draft/", views.draft, name="draft"),
    path("edit/", views.plan_edit, name="plan_edit"),
    path("issues/<int:plan_issue_id>/edit/", views.issue_edit, name="issue_edit"),
    path("issues/<int:plan_issue_id>/move/", views.issue_move, name="issue_move"),
    path("items/add/", views.item_add, name="item_add"),
    path("items/<int:plan_item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:plan_item_id>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:plan_item_id>/steps/add/", views.step_add, name="step_add"),
    path("steps/<int:plan_step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:plan_step_id>/remove/", views.step_remove, name="step_remove"),
    path("versions/", views.versions, name="versions"),
    path("versions/compare/", views.diff, name="diff"),
    path("approve/", views.approve, name="approve"),
    path("reopen/", views.reopen, name="reopen"),
    path("publish/", views.publish, name="publish"),
    path("public-progress/", views.public_progress, name="public_progress"),
]
