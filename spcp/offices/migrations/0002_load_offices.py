"""The CRS routing table from shared/domain.md; Korean names follow the CRS brochure."""

from django.db import migrations

HQ = ("Washington, DC", "워싱턴 DC", "Washington", "DC")

# code, name, Korean name, offices [(name, Korean, city, state, kind)], states
REGIONS = [
    (
        "new-england",
        "New England",
        "뉴잉글랜드 지역",
        [("Boston, MA", "매사추세츠 주 보스턴", "Boston", "MA", "regional")],
        ["CT", "ME", "MA", "NH", "RI", "VT"],
    ),
    (
        "northeast",
        "Northeast and Caribbean",
        "북동부 지역",
        [("New York, NY", "뉴욕 주 뉴욕", "New York", "NY", "regional")],
        ["NJ", "NY", "PR", "VI"],
    ),
    (
        "mid-atlantic",
        "Mid-Atlantic",
        "중부 대서양 지역",
        [("Philadelphia, PA", "펜실베이니아 주 필라델피아", "Philadelphia", "PA", "regional")],
        ["DE", "DC", "MD", "PA", "VA", "WV"],
    ),
    (
        "southeast",
        "Southeast",
        "남동부 지역",
        [
            ("Atlanta, GA", "조지아 주 애틀랜타", "Atlanta", "GA", "regional"),
            ("Miami, FL", "플로리다 주 마이애미", "Miami", "FL", "field"),
        ],
        ["AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN"],
    ),
    (
        "midwest",
        "Midwest",
        "중서부 지역",
        [
            ("Chicago, IL", "일리노이 주 시카고", "Chicago", "IL", "regional"),
            ("Detroit, MI", "미시건 주 디트로이트", "Detroit", "MI", "field"),
        ],
        ["IL", "IN", "MI", "MN", "OH", "WI"],
    ),
    (
        "southwest",
        "Southwest",
        "서남부 지역",
        [
            ("Dallas, TX", "텍사스 주 댈러스", "Dallas", "TX", "regional"),
            ("Houston, TX", "텍사스 주 휴스턴", "Houston", "TX", "field"),
        ],
        ["AR", "LA", "NM", "OK", "TX"],
    ),
    (
        "central",
        "Central",
        "중부 지역",
        [("Kansas City, MO", "미주리 주 캔자스시티", "Kansas City", "MO", "regional")],
        ["IA", "KS", "MO", "NE"],
    ),
    (
        "rocky-mountain",
        "Rocky Mountain",
        "로키 마운틴 지역",
        [("Denver, CO", "콜로라도 주 덴버", "Denver", "CO", "regional")],
        ["CO", "MT", "ND", "SD", "UT", "WY"],
    ),
    (
        "west",
        "West",
        "서부 지역",
        [
            ("Los Angeles, CA", "캘리포니아 주 로스앤젤레스", "Los Angeles", "CA", "regional"),
            ("San Francisco, CA", "캘리포니아 주 샌프란시스코", "San Francisco", "CA", "field"),
        ],
        ["AZ", "CA", "HI", "NV", "GU", "AS", "MP"],
    ),
    (
        "northwest",
        "Northwest",
        "북서부 지역",
        [("Seattle, WA", "워싱턴 주 시애틀", "Seattle", "WA", "regional")],
        ["AK", "ID", "OR", "WA"],
    ),
]

# A state is served by the field office in it when its region's regional office is elsewhere.
FIELD_OFFICE_STATES = {"FL": "Miami", "MI": "Detroit"}

STATE_NAMES = {
    "AL": ("Alabama", "앨라배마"),
    "AK": ("Alaska", "알래스카"),
    "AZ": ("Arizona", "애리조나"),
    "AR": ("Arkansas", "아칸소"),
    "CA": ("California", "캘리포니아"),
    "CO": ("Colorado", "콜로라도"),
    "CT": ("Connecticut", "코네티컷"),
    "DE": ("Delaware", "델라웨어"),
    "DC": ("District of Columbia", "컬럼비아 특별구"),
    "FL": ("Florida", "플로리다"),
    "GA": ("Georgia", "조지아"),
    "HI": ("Hawaii", "하와이"),
    "ID": ("Idaho", "아이다호"),
    "IL": ("Illinois", "일리노이"),
    "IN": ("Indiana", "인디애나"),
    "IA": ("Iowa", "아이오와"),
    "KS": ("Kansas", "캔자스"),
    "KY": ("Kentucky", "켄터키"),
    "LA": ("Louisiana", "루이지애나"),
    "ME": ("Maine", "메인"),
    "MD": ("Maryland", "메릴랜드"),
    "MA": ("Massachusetts", "매사추세츠"),
    "MI": ("Michigan", "미시건"),
    "MN": ("Minnesota", "미네소타"),
    "MS": ("Mississippi", "미시시피"),
    "MO": ("Missouri", "미주리"),
    "MT": ("Montana", "몬태나"),
    "NE": ("Nebraska", "네브래스카"),
    "NV": ("Nevada", "네바다"),
    "NH": ("New Hampshire", "뉴햄프셔"),
    "NJ": ("New Jersey", "뉴저지"),
    "NM": ("New Mexico", "뉴멕시코"),
    "NY": ("New York", "뉴욕"),
    "NC": ("North Carolina", "노스캐롤라이나"),
    "ND": ("North Dakota", "노스다코타"),
    "OH": ("Ohio", "오하이오"),
    "OK": ("Oklahoma", "오클라호마"),
    "OR": ("Oregon", "오리건"),
    "PA": ("Pennsylvania", "펜실베이니아"),
    "RI": ("Rhode Island", "로드아일랜드"),
    "SC": ("South Carolina", "사우스캐롤라이나"),
    "SD": ("South Dakota", "사우스다코타"),
    "TN": ("Tennessee", "테네시"),
    "TX": ("Texas", "텍사스"),
    "UT": ("Utah", "유타"),
    "VT": ("Vermont", "버몬트"),
    "VA": ("Virginia", "버지니아"),
    "WA": ("Washington", "워싱턴"),
    "WV": ("West Virginia", "웨스트버지니아"),
    "WI": ("Wisconsin", "위스콘신"),
    "WY": ("Wyoming", "와이오밍"),
    "PR": ("Puerto Rico", "푸에르토리코"),
    "VI": ("U.S. Virgin Islands", "미국령 버진아일랜드"),
    "GU": ("Guam", "괌"),
    "AS": ("American Samoa", "미국령 사모아"),
    "MP": ("Northern Mariana Islands", "북마리아나 제도"),
}


def load(apps, schema_editor):
    Region = apps.get_model("offices", "Region")
    Office = apps.get_model("offices", "Office")
    State = apps.get_model("offices", "State")
    Office.objects.create(
        name=HQ[0],
        name_translations={"ko": HQ[1]},
        city=HQ[2],
        state=HQ[3],
        kind="headquarters",
        email="askcrs@usdoj.gov",
        phone="202-305-2935",
    )
    for order, (code, name, name_ko, offices, states) in enumerate(REGIONS, start=1):
        region = Region.objects.create(code=code, name=name, name_translations={"ko": name_ko}, order=order)
        by_city = {}
        for office_name, office_ko, city, state, kind in offices:
            by_city[city] = Office.objects.create(
                region=region,
                name=office_name,
                name_translations={"ko": office_ko},
                city=city,
                state=state,
                kind=kind,
                email="askcrs@usdoj.gov",
                phone="202-305-2935",
            )
        regional = next(o for o in by_city.values() if o.kind == "regional")
        for state_code in states:
            office = by_city.get(FIELD_OFFICE_STATES.get(state_code, ""), regional)
            state_name, state_ko = STATE_NAMES[state_code]
            State.objects.create(
                code=state_code, name=state_name, name_translations={"ko": state_ko}, region=region, office=office
            )


def unload(apps, schema_editor):
    apps.get_model("offices", "State").objects.all().delete()
    apps.get_model("offices", "Office").objects.all().delete()
    apps.get_model("offices", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
