"""The evaluation JSON API (django-ninja)."""

from ninja import Router

router = Router(tags=["evaluation"])
