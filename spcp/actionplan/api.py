"""The actionplan JSON API (django-ninja)."""

from ninja import Router

router = Router(tags=["actionplan"])
