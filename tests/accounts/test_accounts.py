from __future__ import annotations

import importlib

from tests import factories


def test_production_settings_hash_passwords_with_argon2():
    settings_module = importlib.import_module("config.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_argon2_hash_verifies(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = factories.user(role="conciliator", password="a long enough passphrase")
    assert user.password.startswith("argon2")
    assert user.check_password("a long enough passphrase")


def test_staff_sign_in_through_the_login_page(client, db):
    factories.user(role="conciliator", username="maria", password="a long enough passphrase")
    response = client.post("/en/accounts/login/", {"username": "maria", "password": "a long enough passphrase"})
    assert response.status_code == 302 and response["Location"] == "/en/programs/"


def test_wrong_password_is_refused_in_the_users_language(client, db):
    factories.user(role="conciliator", username="maria")
    response = client.post("/ko/accounts/login/", {"username": "maria", "password": "wrong"})
    assert response.status_code == 200
    assert "올바른" in response.content.decode()


def test_only_crs_administrators_reach_the_admin(client, db):
    admin = factories.user(role="admin", region=None)
    director = factories.user(role="regional_director", is_staff=True)
    client.force_login(director)
    assert client.get("/en/admin/").status_code == 302
    client.force_login(admin)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    assert client.get("/en/admin/offices/state/").status_code == 200


def test_email_url_configures_the_smtp_connection(monkeypatch):
    import sys

    monkeypatch.setenv("SPCP_EMAIL_URL", "smtp+tls://crs%40example.org:s3cret@mail.example.org:587")
    monkeypatch.delitem(sys.modules, "config.settings", raising=False)
    fresh = importlib.import_module("config.settings")
    assert fresh.EMAIL_BACKEND.endswith("smtp.EmailBackend")
    assert (fresh.EMAIL_HOST, fresh.EMAIL_PORT, fresh.EMAIL_USE_TLS) == ("mail.example.org", 587, True)
    assert (fresh.EMAIL_HOST_USER, fresh.EMAIL_HOST_PASSWORD) == ("crs@example.org", "s3cret")
