"""The JSON API (django-ninja). Each app contributes a router; the OpenAPI schema is at /api/openapi.json."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spcp.actionplan.api import router as actionplan_router
from spcp.common.api import InputParser, document_auth_responses
from spcp.council.api import router as council_router
from spcp.evaluation.api import router as evaluation_router
from spcp.forum.api import router as forum_router
from spcp.forum.api import staff_router as forum_staff_router
from spcp.intake.api import router as intake_router
from spcp.offices.api import router as offices_router
from spcp.planning.api import router as planning_router
from spcp.programs.api import router as programs_router
from spcp.training.api import router as training_router


class SpcpAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with the 401 and 403 that every authenticated operation may answer (see auth_failed)."""
        return document_auth_responses(super().get_openapi_schema(**kwargs))


api = SpcpAPI(
    title="SPCP API",
    version="1",
    description=str(_("Strengthening Police and Community Partnerships")),
    urls_namespace="api",
    parser=InputParser(),
)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    """Field-by-field errors, in the caller's language (Accept-Language)."""
    from spcp.common.api_errors import validation_payload

    return api.create_response(request, validation_payload(exc.errors), status=422)


@api.exception_handler(AuthenticationError)
def auth_failed(request, exc: AuthenticationError):
    """401 with the API's error body, in the caller's language: no session (staff API) or no token (phone API)."""
    return api.create_response(
        request, {"detail": gettext("Sign in, or check in to the forum, to do this.")}, status=401
    )


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    """The same 404 for a missing object and one the caller may not see (access_*), in the caller's language."""
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """django-ninja answers 400 for anything its body parser raises; common.api.InputParser's refusals (control
    characters, numbers past 64 bits) are field errors like any other, so they answer 422 by field."""
    if isinstance(exc.__cause__, NinjaValidationError):
        return validation_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("/offices", offices_router)
api.add_router("/requests", intake_router)
api.add_router("/programs", programs_router)
api.add_router("/programs", planning_router)
api.add_router("/programs", training_router)
api.add_router("/programs", forum_staff_router)
api.add_router("/forum", forum_router)
api.add_router("/programs", actionplan_router)
api.add_router("/programs", council_router)
api.add_router("/evaluation", evaluation_router)
