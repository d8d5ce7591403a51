"""CRS regions, regional and field offices, and which office serves each state or territory.

This is editable reference data (CRS has merged regions before); the initial table comes from a migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spcp.common.models import BaseModel, TranslatedNameMixin

# The zones of U.S. states and territories (IANA names), for a program's local time.
TIME_ZONES = [
    ("America/New_York", _("Eastern")),
    ("America/Chicago", _("Central")),
    ("America/Denver", _("Mountain")),
    ("America/Phoenix", _("Mountain (Arizona, no daylight saving)")),
    ("America/Los_Angeles", _("Pacific")),
    ("America/Anchorage", _("Alaska")),
    ("Pacific/Honolulu", _("Hawaii")),
    ("America/Puerto_Rico", _("Atlantic (Puerto Rico, U.S. Virgin Islands)")),
    ("Pacific/Guam", _("Chamorro (Guam, Northern Mariana Islands)")),
    ("Pacific/Pago_Pago", _("Samoa")),
]


class Region(TranslatedNameMixin, BaseModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Office(TranslatedNameMixin, BaseModel):
    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        REGIONAL = "regional", _("Regional office")
        FIELD = "field", _("Field office")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["region__order", "kind", "city"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class State(TranslatedNameMixin, BaseModel):
    """A state, DC or territory, and the region and office that serve it."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="states")
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="states")
    # The zone most of the state keeps (IANA name); a program can differ (El Paso, the Florida panhandle…).
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONES, default="America/New_York")

    class Meta:
        ordering = ["code"]
        verbose_name = _("state or territory")
        verbose_name_plural = _("states and territories")
        constraints = [models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="state_code_upper")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
