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

from spcp.evaluation.models import Survey, SurveyKind, Wave

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

# --- the police-legitimacy / procedural-justice scale (optional per outcome wave) -------------------------
#
# A short subset of the process-based policing measures of Sunshine & Tyler (2003) in the refined form
# Reisig, Bratton & Gertz (2007) validated: four procedural-justice items (how the police treat people and
# make decisions) and two legitimacy items (trust in the police's decisions, and the felt obligation to accept
# them), each on the five-point agree scale. Wording follows the items as the literature reports them ("the
# police" where the papers name the local department); check it against the published instruments before
# changing it, and never reword an item between waves, or the waves stop being comparable.

LEGITIMACY_SOURCES = (
    "Sunshine, J., & Tyler, T. R. (2003). The Role of Procedural Justice and Legitimacy in Shaping Public "
    "Support for Policing. Law & Society Review, 37(3), 513–548.",
    "Reisig, M. D., Bratton, J., & Gertz, M. G. (2007). The Construct Validity and Refinement of Process-Based "
    "Policing Measures. Criminal Justice and Behavior, 34(8), 1005–1028.",
)

PROCEDURAL_JUSTICE_ITEMS = (
    Item(
        "pj_respect",
        _("The police treat people with dignity and respect."),
        _("Police treat people with respect"),
        AGREEMENT,
        _("Agree that the police treat people with dignity and respect"),
    ),
    Item(
        "pj_listen",
        _("The police take time to listen to people."),
        _("Police listen to people"),
        AGREEMENT,
        _("Agree that the police take time to listen to people"),
    ),
    Item(
        "pj_fair",
        _("The police treat people fairly."),
        _("Police treat people fairly"),
        AGREEMENT,
        _("Agree that the police treat people fairly"),
    ),
    Item(
        "pj_facts",
        _("The police make decisions based on facts, not on their personal biases or opinions."),
        _("Police decide on facts"),
        AGREEMENT,
        _("Agree that the police make decisions based on facts"),
    ),
)
LEGITIMACY_ITEMS = (
    Item(
        "legit_trust",
        _("The police can be trusted to make decisions that are right for your community."),
        _("Police can be trusted"),
        AGREEMENT,
        _("Agree that the police can be trusted to make decisions right for the community"),
    ),
    Item(
        "legit_accept",
        _("You should accept police decisions, even if you think they are wrong."),
        _("Accept police decisions"),
        AGREEMENT,
        _("Agree that people should accept police decisions even when they think them wrong"),
    ),
)


@dataclass(frozen=True)
class MultiItemScale:
    """A scale scored as the mean of its items' answers (1–5), reported as a mean per wave and constituency."""

    code: str
    title: Promise
    items: tuple[Item, ...]


LEGITIMACY_SCALES = (
    MultiItemScale("procedural_justice", _("Procedural justice"), PROCEDURAL_JUSTICE_ITEMS),
    MultiItemScale("legitimacy", _("Police legitimacy"), LEGITIMACY_ITEMS),
)
LEGITIMACY_CODES = frozenset(item.code for scale in LEGITIMACY_SCALES for item in scale.items)

OUTCOME_WITH_LEGITIMACY = Instrument(
    kind=SurveyKind.OUTCOME,
    title=OUTCOME.title,
    asks_background=True,
    items=(*OUTCOME.items, *PROCEDURAL_JUSTICE_ITEMS, *LEGITIMACY_ITEMS),
)

INSTRUMENTS = {OUTCOME.kind: OUTCOME, FEEDBACK.kind: FEEDBACK}
OUTCOME_WAVES = (Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS)


def instrument_for(kind: str, *, legitimacy: bool = False) -> Instrument:
    """The instrument a survey of `kind` asks; the outcome survey with the legitimacy scale when chosen."""
    if kind == SurveyKind.OUTCOME and legitimacy:
        return OUTCOME_WITH_LEGITIMACY
    return INSTRUMENTS[kind]


def survey_instrument(survey: Survey) -> Instrument:
    return instrument_for(survey.kind, legitimacy=survey.legitimacy)
