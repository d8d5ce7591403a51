"""How the demo programs' sectors are stored: standard ones by key, the others with a name in every language."""

from __future__ import annotations

from typing import Any

from spcp.planning.catalog import BY_KEY, match_standard

# The demo's custom sectors (labels as the demo modules use them), named in all five participant languages.
CUSTOM_SECTOR_NAMES: dict[str, dict[str, str]] = {
    "Korean American community / 한인 사회": {
        "en": "Korean American community",
        "ko": "한인 사회",
        "es": "Comunidad coreano-estadounidense",
        "zh-hans": "韩裔美国人社区",
        "vi": "Cộng đồng người Mỹ gốc Hàn",
    },
    "Business and neighborhood associations": {
        "en": "Business and neighborhood associations",
        "ko": "기업 및 주민 협의회",
        "es": "Empresas y asociaciones de vecinos",
        "zh-hans": "商界和社区居民协会",
        "vi": "Doanh nghiệp và hội khu phố",
    },
    "Youth and schools": {
        "en": "Youth and schools",
        "ko": "청소년 및 학교",
        "es": "Jóvenes y escuelas",
        "zh-hans": "青年和学校",
        "vi": "Thanh thiếu niên và trường học",
    },
    "Latino community": {
        "en": "Latino community",
        "ko": "라틴계 공동체",
        "es": "Comunidad latina",
        "zh-hans": "拉丁裔社区",
        "vi": "Cộng đồng người gốc Latinh",
    },
}


def sector_fields(label: str) -> dict[str, Any]:
    """Sector model fields for a demo label: {"key", "name"} of a standard sector, or a custom one's names."""
    key = match_standard(label)
    if key:
        return {"key": key, "name": BY_KEY[key].names["en"]}
    names = CUSTOM_SECTOR_NAMES[label]
    return {"name": names["en"], "names": names}


def sector_create_args(label: str) -> dict[str, Any]:
    """Arguments for planning's sector_create: a standard sector by key, a custom one by its names."""
    fields = sector_fields(label)
    return {"key": fields["key"]} if "key" in fields else {"names": fields["names"]}
