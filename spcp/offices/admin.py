from django.contrib import admin

from spcp.offices.models import Office, Region, State


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "city", "state")
    list_filter = ("kind", "region")


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "office", "time_zone")
    list_filter = ("region",)
    list_select_related = ("region", "office")
