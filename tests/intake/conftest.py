from __future__ import annotations

import datetime
from typing import Any

import pytest


@pytest.fixture
def form_data() -> dict[str, Any]:
    """A complete, valid public request form (proactive, Florida)."""
    return {
        "requester_name": "Dana Whitfield",
        "organisation": "Miami-Dade Community Coalition",
        "organisation_role": "community_organisation",
        "email": "dana@coalition.example",
        "phone": "(305) 555-0199",
        "city": "Miami",
        "state": "FL",
        "trigger": "proactive",
        "incident_date": "",
        "incident_description": "",
        "concerns": ["race", "national_origin"],
        "languages": ["es"],
        "program_type": "spcp",
        "message": "Our new police chief wants to start well.",
    }


@pytest.fixture
def payload() -> dict[str, Any]:
    """A complete, valid API request (critical incident, Texas)."""
    return {
        "requester_name": "Luis Ortega",
        "organization": "City of Galveston",
        "organization_role": "local_government",
        "email": "luis@galveston.example",
        "phone": "409-555-0100",
        "city": "Galveston",
        "state": "TX",
        "trigger": "critical_incident",
        "incident_date": (datetime.date.today() - datetime.timedelta(days=10)).isoformat(),
        "incident_description": "A racially charged arrest was filmed and shared widely.",
        "concerns": ["race"],
        "languages": ["es", "vi"],
    }
