from django.contrib import admin

from spcp.programs.models import AuditEntry, Program, ProgramMembership, ProgramType


@admin.register(ProgramType)
class ProgramTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title", "program_type", "region", "phase", "conciliator", "forum_date")
    list_filter = ("phase", "program_type", "region")


@admin.register(ProgramMembership)
class ProgramMembershipAdmin(admin.ModelAdmin):
    list_display = ("program", "user", "role")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "program", "target_repr")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):  # the audit log is append-only
        return False

    def has_delete_permission(self, request, obj=None):
        return False
