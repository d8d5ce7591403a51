"""The catalogue of standard sectors, named in every participant language.

A standard sector is stored by its key, never by the words of the page it was chosen on, so each reader sees
it in their own language and it cannot be added twice under two names ("Educators" beside "교육자"). The
names live here as a data table rather than in the gettext catalogs because the data migration that maps
existing sector text to keys must read every language at once, whatever catalogs are compiled; a test checks
that every key has all five names.

Aliases are older or looser names (the former suggestion list, in every language it was shown in) that mean
the same standard sector; typing one adds the standard sector.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from spcp.common.names import LocalizedName, reader_language

LAW_ENFORCEMENT_KEY = "law_enforcement"


@dataclass(frozen=True)
class StandardSector:
    key: str
    names: Mapping[str, str]  # every code in NAME_LANGUAGES
    aliases: tuple[str, ...] = field(default=())

    def name(self, language: str | None = None) -> LocalizedName:
        lang = reader_language(language)
        return LocalizedName(self.names[lang], lang, True)


def _sector(key: str, en: str, ko: str, es: str, zh: str, vi: str, *aliases: str) -> StandardSector:
    return StandardSector(key, {"en": en, "ko": ko, "es": es, "zh-hans": zh, "vi": vi}, aliases)


# Law enforcement first (every program has it); the others in the order the suggestions are offered.
STANDARD_SECTORS: tuple[StandardSector, ...] = (
    _sector(
        LAW_ENFORCEMENT_KEY,
        "Law enforcement",
        "법 집행",
        "Fuerzas del orden",
        "执法部门",
        "Lực lượng thực thi pháp luật",
        "Police",
        "경찰",
    ),
    _sector(
        "faith",
        "Faith communities",
        "종교계",
        "Comunidades religiosas",
        "宗教团体",
        "Cộng đồng tôn giáo",
        "Faith and clergy",
        "종교계 및 성직자",
        "Faith",
        "Clergy",
        "Faith leaders",
    ),
    _sector("youth", "Youth", "청소년", "Jóvenes", "青年", "Thanh thiếu niên", "Young people", "Juventud"),
    _sector(
        "education",
        "Education",
        "교육계",
        "Educación",
        "教育界",
        "Giáo dục",
        "Educators",
        "교육자",
        "Educadores",
        "教育工作者",
        "Nhà giáo dục",
        "Schools",
    ),
    _sector(
        "business",
        "Business",
        "기업",
        "Empresas",
        "商界",
        "Doanh nghiệp",
        "Business and community",
        "기업 및 지역사회",
        "Businesses",
    ),
    _sector(
        "civil_rights",
        "Civil rights and advocacy groups",
        "민권 및 옹호 단체",
        "Derechos civiles y grupos de defensa",
        "民权与倡导团体",
        "Các nhóm dân quyền và vận động",
        "Civil rights",
        "민권",
        "Derechos civiles",
        "民权",
        "Dân quyền",
    ),
    _sector(
        "local_government",
        "Local government",
        "지방 정부",
        "Gobierno local",
        "地方政府",
        "Chính quyền địa phương",
        "City government",
    ),
    _sector(
        "immigrant_refugee",
        "Immigrant and refugee communities",
        "이민자 및 난민 공동체",
        "Comunidades inmigrantes y refugiadas",
        "移民和难民社区",
        "Cộng đồng người nhập cư và tị nạn",
        "New Americans (immigrants and refugees)",
        "새 미국인(이민자 및 난민)",
        "New Americans",
        "Immigrants and refugees",
    ),
    _sector(
        "lgbtq", "LGBTQ+ communities", "LGBTQ+ 공동체", "Comunidades LGBTQ+", "LGBTQ+社群", "Cộng đồng LGBTQ+", "LGBTQ+"
    ),
    _sector(
        "disability",
        "People with disabilities",
        "장애인",
        "Personas con discapacidad",
        "残障人士",
        "Người khuyết tật",
        "Disability community",
    ),
    _sector(
        "neighborhood",
        "Neighborhood associations",
        "주민 협의회",
        "Asociaciones de vecinos",
        "社区居民协会",
        "Hội khu phố",
        "Neighbourhood associations",
    ),
    _sector("social_services", "Social services", "사회 복지", "Servicios sociales", "社会服务", "Dịch vụ xã hội"),
    _sector("media", "Media", "언론", "Medios de comunicación", "媒体", "Truyền thông", "Press", "News media"),
    _sector("older_adults", "Older adults", "어르신", "Personas mayores", "老年人", "Người cao tuổi", "Seniors"),
    _sector(
        "nonprofits",
        "Nonprofit organizations",
        "비영리 단체",
        "Organizaciones sin fines de lucro",
        "非营利组织",
        "Các tổ chức phi lợi nhuận",
        "Nonprofits",
    ),
    _sector(
        "victims",
        "Victims of violence",
        "폭력 피해자",
        "Víctimas de la violencia",
        "暴力受害者",
        "Nạn nhân bạo lực",
        "Victims and survivors",
    ),
    _sector("arts", "Arts and culture", "문화 예술계", "Arte y cultura", "文化艺术界", "Văn hóa nghệ thuật", "Arts"),
)

BY_KEY: dict[str, StandardSector] = {s.key: s for s in STANDARD_SECTORS}
KEY_CHOICES: list[tuple[str, str]] = [(s.key, s.names["en"]) for s in STANDARD_SECTORS]


def _fold(text: str) -> str:
    """Compare names as people mean them: case, width and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


_BY_NAME: dict[str, str] = {}
for _standard in STANDARD_SECTORS:
    for _text in (*_standard.names.values(), *_standard.aliases, _standard.key):
        _BY_NAME.setdefault(_fold(_text), _standard.key)


def match_standard(text: str) -> str | None:
    """The key of the standard sector this text names in any language (or by a former name), else None."""
    return _BY_NAME.get(_fold(text)) if text.strip() else None
