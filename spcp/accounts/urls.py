from django.contrib.auth import views as auth_views
from django.urls import path

from spcp.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("", two_factor_views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("two-factor/enrol/", two_factor_views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes_regenerate, name="recovery_codes"),
    path("two-factor/turn-off/", two_factor_views.two_factor_turn_off, name="two_factor_turn_off"),
]
