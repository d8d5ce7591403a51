"""The survey instruments, as code: CRS's outcome survey and the participant feedback survey.

Each 1–5 item names its scale. Results report the share answering 4 or 5 ("top box"): good or very good,
agree or strongly agree — except on the tension scale, where 4–5 means high or very high tension, so a
falling share is the good news (`higher_is_better=False`). Keep the instruments short: people answer on
phones, and fewer items mean more answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.evaluation.models import SurveyKind, Wave

TOP_BOX = (4, 5)


@dataclass(frozen=True)
class Scale:
    code: str
    labels: tuple[Promise, Promise, Promise, Promise, Promise]  # for 1 … 5
    top_label: Promise  # what 4–5 means, as a column heading ("good or very good")

    def choices(self) -> list[tuple[int, Promise]]:
        return [(value, label) for value, label in enumerate(self.labels, start=1)]


QUALITY = Scale(
    "quality",
    (_("Very poor"), _("Poor"), _("Fair"), _("Good"), _("Very good")),
    _("good or very good"),
)
AGREEMENT = Scale(
    "agreement",
    (_("Strongly disagree"), _("Disagree"), _("Neither agree nor disagree"), _("Agree"), _("Strongly agree")),
    _("agree or strongly agree"),
)
LEVEL = Scale(
    "level",
    (_("Very low"), _("Low"), _("Moderate"), _("High"), _("Very high")),
    _("high or very high"),
)


@dataclass(frozen=True)
class Item:
    code: str
    question: Promise
    short: Promise  # a column heading
    scale: Scale
    chart_title: Promise  # what the results chart shows, as a whole phrase
    higher_is_better: bool = True


@dataclass(frozen=True)
class Instrument:
    kind: str
    title: Promise
    items: tuple[Item, ...]
    asks_background: bool  # years in the community or role, helped plan

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


OUTCOME = Instrument(
    kind=SurveyKind.OUTCOME,
    title=_("Police and community relations survey"),
    asks_background=True,
    items=(
        Item(
            "trust_police",
            _("How would you rate the level of trust between the community and the police?"),
            _("Trust in police"),
            QUALITY,
            _("Trust between community and police rated good or very good"),
        ),
        Item(
            "partnership",
            _("How would you rate the quality of the partnership between the police and the community?"),
            _("Police–community partnership"),
            QUALITY,
            _("Police–community partnership rated good or very good"),
        ),
        Item(
            "tension",
            _("How would you rate the level of tension between the police and the community?"),
            _("Tension between police and community"),
            LEVEL,
            _("Tension between police and community rated high or very high"),
            higher_is_better=False,
        ),
        Item(
            "police_understand",
            _("The police understand the concerns of the community."),
            _("Police understand community concerns"),
            AGREEMENT,
            _("Agree that the police understand community concerns"),
        ),
        Item(
            "community_understand",
            _("The community understands the challenges police officers face."),
            _("Community understands police"),
            AGREEMENT,
            _("Agree that the community understands the challenges police face"),
        ),
    ),
)

FEEDBACK = Instrument(
    kind=SurveyKind.FEEDBACK,
    title=_("Forum feedback survey"),
    asks_background=False,
    items=(
        Item(
            "felt_heard", _("I felt heard during the forum."), _("Felt heard"), AGREEMENT, _("Answers to: I felt heard")
        ),
        Item(
            "facilitator_helped",
            _("The facilitator helped my group work well together."),
            _("Facilitator helped"),
            AGREEMENT,
            _("Answers to: the facilitator helped"),
        ),
        Item(
            "solutions_realistic",
            _("The solutions we agreed on are realistic."),
            _("Solutions are realistic"),
            AGREEMENT,
            _("Answers to: the solutions are realistic"),
        ),
        Item(
            "take_part_again",
            _("I would take part in a program like this again."),
            _("Would take part again"),
            AGREEMENT,
            _("Answers to: I would take part again"),
        ),
        Item(
            "overall",
            _("Overall, how would you rate the forum?"),
            _("Overall rating"),
            QUALITY,
            _("Overall rating of the forum"),
        ),
    ),
)

INSTRUMENTS = {OUTCOME.kind: OUTCOME, FEEDBACK.kind: FEEDBACK}
OUTCOME_WAVES = (Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS)


def instrument_for(kind: str) -> Instrument:
    return INSTRUMENTS[kind]
