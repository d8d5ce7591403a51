"""Test settings: the real settings, with static files served without a manifest and fast password hashing.

On Redis, each pytest-xdist worker uses a database of its own (15, 14, …), so one worker's cache.clear()
never wipes another's rate-limit counters or channel groups.
"""

from urllib.parse import urlsplit, urlunsplit

from config.env import test_worker_index
from config.settings import *  # noqa: F403
from config.settings import CACHES, CHANNEL_LAYERS, DATABASES, ENV, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Argon2 is tested on its own (tests/accounts); the rest of the suite hashes quickly.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]

# Statements are embedded by the merge page, not by a background thread writing behind the tests' backs.
SPCP_EMBED_AFTER_COMMIT = False
# Likewise machine translations: tests run them in the foreground (spcp.forum.machine_translation).
SPCP_TRANSLATE_AFTER_COMMIT = False

# The test runner creates and drops its own databases; it runs without a connection pool.
DATABASES = {"default": {**DATABASES["default"], "OPTIONS": {**DATABASES["default"].get("OPTIONS", {})}}}
DATABASES["default"]["OPTIONS"].pop("pool", None)

if ENV.redis_url:
    parts = urlsplit(ENV.redis_url)
    worker_url = urlunsplit(parts._replace(path=f"/{15 - test_worker_index()}"))
    CACHES = {"default": {**CACHES["default"], "LOCATION": worker_url}}
    CHANNEL_LAYERS = {
        "default": {
            **CHANNEL_LAYERS["default"],
            "CONFIG": {"hosts": [worker_url], "prefix": f"spcp-test{test_worker_index()}"},
        }
    }
