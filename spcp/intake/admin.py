from django.contrib import admin

from spcp.intake.models import ProgramRequest


@admin.register(ProgramRequest)
class ProgramRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are decided in the triage screens, whose services write the audit log."""

    list_display = ("created_at", "organisation", "city", "state", "region", "trigger", "status")
    list_filter = ("status", "trigger", "region")
    search_fields = ("organisation", "city", "requester_name", "email")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
