"""ASGI entry point: HTTP through Django, websockets through Channels (served by uvicorn)."""

import os

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from spcp.accounts.middleware import TwoFactorScopeMiddleware  # noqa: E402
from spcp.common.live import keep_raw_send  # noqa: E402
from spcp.forum.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi,
        "websocket": keep_raw_send(
            AllowedHostsOriginValidator(AuthMiddlewareStack(TwoFactorScopeMiddleware(URLRouter(websocket_urlpatterns))))
        ),
    }
)
