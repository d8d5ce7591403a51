"""Forms rendered with USWDS: every widget gets its USWDS class, and aria-describedby points at the hint
and error ids that common/field.html renders, so screen readers announce them with the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.boundfield import BoundField
from django.http import HttpRequest, QueryDict

from spcp.common.inputs import validate_text

# USWDS styles only inputs that carry its classes; matched on the widget's class name (and its bases).
_USWDS_CLASS = {
    "Select": "usa-select",
    "SelectMultiple": "usa-select",
    "Textarea": "usa-textarea",
    "RadioSelect": "usa-radio__input",
    "CheckboxSelectMultiple": "usa-checkbox__input",
    "CheckboxInput": "usa-checkbox__input",
}


def uswds_class(widget: forms.Widget) -> str:
    for cls in type(widget).__mro__:
        if cls.__name__ in _USWDS_CLASS:
            return _USWDS_CLASS[cls.__name__]
    return "usa-input"


class DescribedBoundField(BoundField):
    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}-hint")
            if self.errors:
                ids.append(f"{self.auto_id}-error")
        return " ".join(ids) or None

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not self.use_fieldset and not widget.is_hidden:
            base = uswds_class(widget)
            if base in ("usa-input", "usa-select", "usa-textarea"):
                attrs["class"] = f"{widget.attrs.get('class', base)} usa-input--error"
        return attrs


class UswdsFormMixin:
    """Mix into a Form or ModelForm: USWDS classes on every widget, described fields, service errors, and
    text fields that refuse control characters (spcp.common.inputs)."""

    bound_field_class: type[BoundField] | None = DescribedBoundField
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_text not in field.validators:
                # Django's own NUL check would say it a second time, in other words.
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)),
                    validate_text,
                ]
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", uswds_class(field.widget))
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields (anything else at the top of the form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, exc.messages)  # type: ignore[attr-defined]


class Form(UswdsFormMixin, forms.Form):
    pass


class ModelForm(UswdsFormMixin, forms.ModelForm):
    pass


class ServiceForm(Form):
    """A form whose input a service validates: the service's ValidationError is shown on the matching fields,
    and a form can be rendered read-only (when a phase has closed editing)."""

    def apply_service_errors(self, exc: ValidationError, renamed: dict[str, str] | None = None) -> None:
        """Show a service's ValidationError on the matching fields (others at the top of the form)."""
        renamed = renamed or {}
        if hasattr(exc, "error_dict"):
            for key, errors in exc.error_dict.items():
                name = renamed.get(key, key)
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)

    def lock(self) -> None:
        """Render read-only: every field disabled, showing the saved (initial) values, with no errors."""
        self.is_bound = False
        self._errors = None
        for field in self.fields.values():
            field.disabled = True


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST body on a POST, nothing on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def save_form(
    request: HttpRequest,
    form: ServiceForm,
    save: Callable[[], object],
    *,
    editable: bool = True,
    locked: tuple[type[Exception], ...] = (),
    renamed: dict[str, str] | None = None,
) -> int | None:
    """Save a valid POST through `save`. None when saved; otherwise the status to draw the form again with:
    200 (a GET, or errors shown on their fields, what was typed kept) or 409 (editing is closed, because the
    page says so or because `save` raised one of `locked`)."""
    if request.method != "POST":
        return 200
    if not editable:
        return 409
    if not form.is_valid():
        return 200
    try:
        save()
    except ValidationError as exc:
        form.apply_service_errors(exc, renamed)
        return 200
    except locked:
        return 409
    return None
