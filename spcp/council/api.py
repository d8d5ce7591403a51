"""The council JSON API (django-ninja)."""

from ninja import Router

router = Router(tags=["council"])
