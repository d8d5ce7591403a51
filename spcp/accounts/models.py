"""Staff and volunteer accounts. Participants and the public need none."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("CRS administrator")
    REGIONAL_DIRECTOR = "regional_director", _("Regional director")
    CONCILIATOR = "conciliator", _("Conciliator")
    PLANNING_MEMBER = "planning_member", _("Planning-group member")
    FACILITATOR = "facilitator", _("Facilitator")
    COUNCIL_MEMBER = "council_member", _("Council member")


CRS_STAFF_ROLES = {Role.ADMIN, Role.REGIONAL_DIRECTOR, Role.CONCILIATOR}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PLANNING_MEMBER)
    # CRS staff belong to a region; volunteers reach programs through program memberships instead.
    region = models.ForeignKey(
        "offices.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        # CRS administrators manage all reference data in the admin; object rules still apply to them.
        if obj is None and self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_crs_staff(self) -> bool:
        return self.is_active and self.role in CRS_STAFF_ROLES

    @property
    def is_crs_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)
