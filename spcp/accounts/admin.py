from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("CRS"), {"fields": ("role", "region", "preferred_language")}))
