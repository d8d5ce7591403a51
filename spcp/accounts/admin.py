from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from spcp.accounts import services
from spcp.accounts.models import User

# django-otp's own admin pages show each authenticator's secret: an administrator could copy a colleague's
# second factor. Administrators reset a user's two-step sign-in instead (the action below, audited).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("CRS"), {"fields": ("role", "region", "preferred_language")}))
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-step sign-in (they set it up again at their next sign-in)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        assert isinstance(request.user, User)  # the admin is for signed-in CRS administrators only
        reset = 0
        for user in queryset:
            try:
                services.two_factor_reset(actor=request.user, user=user)
            except ValidationError:
                continue  # not set up: nothing to reset
            reset += 1
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in reset for %(count)d account.",
                "Two-step sign-in reset for %(count)d accounts.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
