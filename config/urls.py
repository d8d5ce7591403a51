from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.api import api
from spcp.accounts.throttle import AdminSignInForm
from spcp.common import views as common_views
from spcp.common.metrics import metrics_view
from spcp.forum.views import participant as forum_participant

admin.site.site_header = "SPCP"
admin.site.login_form = AdminSignInForm  # the admin's sign-in is throttled like the sign-in page
# The admin is for CRS administrators only (not merely Django "staff"), signed in with their second factor
# (is_verified comes from django_otp's OTPMiddleware).
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_crs_admin and getattr(request.user, "is_verified", lambda: False)()
)

urlpatterns = [
    path("api/", api.urls),
    path("healthz", common_views.healthz, name="healthz"),
    path("readyz", common_views.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("j/<str:code>", forum_participant.short_link, name="join_short"),
    path("calendar/", include("spcp.council.feed_urls")),
]

urlpatterns += i18n_patterns(
    path("", common_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("spcp.accounts.urls")),
    path("offices/", include("spcp.offices.urls")),
    path("requests/", include("spcp.intake.urls")),
    path("programs/", include("spcp.programs.urls")),
    path("programs/<int:program_id>/planning/", include("spcp.planning.urls")),
    path("programs/<int:program_id>/training/", include("spcp.training.urls")),
    path("programs/<int:program_id>/forum/", include("spcp.forum.urls")),
    path("programs/<int:program_id>/plan/", include("spcp.actionplan.urls")),
    path("programs/<int:program_id>/plan/documents/", include("spcp.actionplan.documents.urls")),
    path("programs/<int:program_id>/council/", include("spcp.council.urls")),
    path("programs/<int:program_id>/evaluation/", include("spcp.evaluation.urls")),
    path("f/", include("spcp.forum.participant_urls")),
    path("plans/", include("spcp.actionplan.public_urls")),
    path("progress/", include("spcp.council.public_urls")),
    path("s/", include("spcp.evaluation.participant_urls")),
    path("portfolio/", include("spcp.evaluation.portfolio_urls")),
    prefix_default_language=True,
)
