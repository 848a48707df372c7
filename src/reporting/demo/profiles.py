"""What each demo client looks like: volumes, habits, personas and planted signals.

A profile is plain data. The simulation modules turn it into canonical
tables; the export writers turn those into platform files. Brands, handles,
competitors and goals are never repeated here: they come from the client's
parameters, so the generated data always matches ``params/<client>.yaml``.
A client marked ``demo: true`` without a profile of its own gets the
generic profile for its language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reporting.params import ClientParams


@dataclass(frozen=True)
class ChannelPlan:
    """How one owned channel is run and how it performs."""

    posts_per_week: float
    content_types: dict[str, float]  # canonical content_type -> probability
    hours: dict[int, float]  # local posting hour -> weight
    reach: float  # median reach per post at the start of the history
    engagement_rate: float  # engagements / reach for an average post
    link_click_rate: float  # link clicks / reach
    followers_start: int
    daily_growth: float  # expected net new followers per day at the start
    growth_trend: float = 0.0  # added to daily_growth per year
    boost_share: float = 0.0  # share of posts boosted
    boost_spend: tuple[float, float] = (0.0, 0.0)  # spend range per boosted post
    boost_reach: float = 1.0  # reach multiplier of a boosted post
    unfollow_share: float = 0.2  # unfollows per new follow (0: the platform's export counts new follows only)


@dataclass(frozen=True)
class Persona:
    """A planted audience segment: the survey respondents drawn from it share these traits."""

    label: str
    weight: float
    age: tuple[float, float]  # mean, sd
    female: float  # probability
    locations: tuple[str, ...]
    distance_km: tuple[float, float]  # mean, sd (local clients)
    income: tuple[str, ...]  # likely income bands (empty when not asked)
    interests: tuple[str, ...]
    values: tuple[str, ...]
    challenges: tuple[str, ...]
    channels: tuple[str, ...]
    hours_per_day: tuple[float, float]
    dayparts: tuple[str, ...]
    content: tuple[str, ...]
    purchase: float


@dataclass(frozen=True)
class WebSource:
    """One GA4 session source / medium and what its visitors do."""

    source: str
    medium: str
    channel: str  # social channel it maps to, "" when not social
    sessions: float  # sessions per day
    conversion_rate: float  # conversions / sessions
    order_value: float  # revenue per conversion (0 for lead-gen)


@dataclass(frozen=True)
class Profile:
    channels: dict[str, ChannelPlan]
    brand_volume: dict[str, float]  # brand name -> mentions per day
    sentiment: dict[str, tuple[float, float, float]]  # brand -> (positive, neutral, negative)
    mention_channels: dict[str, float]  # canonical channel -> share
    web: tuple[WebSource, ...]
    personas: tuple[Persona, ...]
    survey_size: int = 400
    campaigns: tuple[str, ...] = ()
    competitor_followers: dict[str, int] = field(default_factory=dict)  # handle or channel/handle -> start
    always_on: dict[str, tuple[float, float]] = field(default_factory=dict)  # channel -> (spend a day, cost per click)
    # export choices: which tool and vintage each client's analyst downloads
    mention_tool: str = "brandwatch"  # or "meltwater"
    sentiment_share: float = 0.7  # share of mentions the tool rated (0: the export has no sentiment)
    facebook_columns: int = 35  # Meta post export vintage: 38, 35 or 31 columns
    instagram_late_order: bool = False  # the 2025 metric order of the Instagram export
    overlap_channel: str = ""  # its exports overlap by a week, so importers must de-duplicate
    labelled_sample: int = 0  # mentions the analyst labelled by hand (labels/sentiment_labels.csv)
    # planted signals (see generate.planted)
    weekend_morning_uplift: float = 1.0
    goal_push: float = 1.0  # follower growth and boost share multiplier once the first goal starts
    viral_complaint: bool = False
    launch_spike: str = ""  # competitor name
    launch_hashtag: str = ""
    dormant_handle: str = ""
    dying_campaign: str = ""
    engagement_without_sales: bool = False  # Instagram likes, Facebook buyers (the web sources carry it)


CAFE = Profile(
    channels={
        "facebook": ChannelPlan(
            posts_per_week=5, content_types={"photo": 0.6, "link": 0.2, "video": 0.2},
            hours={8: 1, 9: 2, 10: 2, 12: 2, 15: 1, 18: 2, 20: 2},
            reach=360, engagement_rate=0.055, link_click_rate=0.02,
            followers_start=3150, daily_growth=1.4, growth_trend=0.5,
            boost_share=0.45, boost_spend=(5000, 15000), boost_reach=1.6),
        "instagram": ChannelPlan(
            posts_per_week=6, content_types={"photo": 0.45, "carousel": 0.3, "reel": 0.25},
            hours={8: 1, 9: 2, 10: 2, 12: 2, 15: 1, 18: 2, 20: 2},
            reach=430, engagement_rate=0.08, link_click_rate=0.004,
            followers_start=5200, daily_growth=3.0, growth_trend=0.8,
            boost_share=0.15, boost_spend=(5000, 10000), boost_reach=1.5),
    },
    brand_volume={"모퉁이 커피": 24, "연남 로스터스": 15, "골목 베이커리 카페": 12, "스타벅스": 40},
    sentiment={"모퉁이 커피": (0.55, 0.33, 0.12), "연남 로스터스": (0.5, 0.38, 0.12),
               "골목 베이커리 카페": (0.52, 0.36, 0.12), "스타벅스": (0.35, 0.45, 0.2)},
    mention_channels={"instagram": 0.35, "x": 0.2, "blog": 0.25, "reviews": 0.1, "forum": 0.05, "news": 0.05},
    web=(
        WebSource("l.instagram.com", "referral", "instagram", 22, 0.03, 18000),
        WebSource("m.facebook.com", "referral", "facebook", 14, 0.035, 18000),
        WebSource("facebook", "paid", "facebook", 6, 0.02, 18000),
        WebSource("naver", "organic", "", 40, 0.02, 18000),
        WebSource("(direct)", "(none)", "", 25, 0.04, 18000),
        WebSource("google", "organic", "", 12, 0.02, 18000),
    ),
    personas=(
        Persona("동네 단골 직장인", 0.35, (34, 4), 0.55, ("연남동", "망원동", "서교동"), (1.5, 0.8),
                (), ("커피", "베이커리", "독서"), ("가까운 거리", "조용한 분위기"), ("점심시간 부족", "주차"),
                ("instagram", "facebook"), (1.8, 0.5), ("morning", "midday"), ("신메뉴", "이벤트"), 0.9),
        Persona("카페 투어 대학생", 0.3, (22, 2), 0.7, ("신촌", "홍대", "합정동"), (5.5, 1.5),
                (), ("카페 투어", "사진", "디저트"), ("예쁜 인테리어", "가성비"), ("용돈 부족", "웨이팅"),
                ("instagram", "tiktok", "youtube"), (4.0, 0.8), ("evening", "night"), ("릴스", "사진"), 0.5),
        Persona("주말 브런치 가족", 0.2, (41, 5), 0.6, ("상암동", "성산동", "연희동"), (3.5, 1.0),
                (), ("브런치", "아이와 외출", "산책"), ("아이 동반", "넓은 자리"), ("주차", "소음"),
                ("facebook", "youtube"), (1.2, 0.4), ("morning",), ("이벤트", "영업시간 안내"), 0.75),
        Persona("원두 마니아 홈카페족", 0.15, (31, 5), 0.4, ("마포구", "은평구", "서대문구"), (7.0, 1.5),
                (), ("홈카페", "스페셜티 원두", "브루잉"), ("원두 품질", "전문성"), ("원두 신선도", "가격"),
                ("youtube", "instagram"), (2.5, 0.6), ("night", "evening"), ("브루잉 팁", "원두 소개"), 0.65),
    ),
    always_on={"facebook": (9000.0, 450.0)},
    competitor_followers={"yeonnam.roasters": 12400, "golmok.bakery": 7900, "starbuckskorea": 905000},
    campaigns=("봄 벚꽃 라떼", "여름 콜드브루", "가을 시즌 원두", "겨울 딸기 케이크"),
    facebook_columns=38,
    overlap_channel="facebook",
    weekend_morning_uplift=2.4,
    goal_push=2.6,
    viral_complaint=True,
    labelled_sample=450,  # the analyst checked the shipped Korean model on the cafe's own mentions
)

FURNITURE = Profile(
    channels={
        "instagram": ChannelPlan(
            posts_per_week=7, content_types={"photo": 0.35, "carousel": 0.35, "reel": 0.3},
            hours={9: 1, 12: 1, 14: 1, 18: 2, 20: 2, 21: 2},
            reach=4200, engagement_rate=0.034, link_click_rate=0.002,
            followers_start=18500, daily_growth=14, growth_trend=4,
            boost_share=0.2, boost_spend=(40, 120), boost_reach=1.8),
        "facebook": ChannelPlan(
            posts_per_week=4, content_types={"photo": 0.5, "link": 0.35, "video": 0.15},
            hours={9: 2, 11: 1, 13: 1, 18: 2, 20: 1},
            reach=2600, engagement_rate=0.03, link_click_rate=0.022,
            followers_start=9400, daily_growth=3, growth_trend=0.5,
            boost_share=0.35, boost_spend=(60, 180), boost_reach=2.0),
        "pinterest": ChannelPlan(
            posts_per_week=5, content_types={"photo": 0.85, "video": 0.15},
            hours={10: 1, 15: 1, 21: 1},
            reach=1500, engagement_rate=0.03, link_click_rate=0.015,
            followers_start=2100, daily_growth=2, growth_trend=0.5),
    },
    brand_volume={"Ξύλο & Φως": 15, "Οίκος Design": 13, "IKEA": 34},
    sentiment={"Ξύλο & Φως": (0.56, 0.32, 0.12), "Οίκος Design": (0.48, 0.38, 0.14), "IKEA": (0.36, 0.42, 0.22)},
    mention_channels={"instagram": 0.35, "facebook": 0.2, "x": 0.1, "blog": 0.12, "news": 0.08,
                      "forum": 0.08, "reviews": 0.07},
    web=(
        WebSource("l.instagram.com", "referral", "instagram", 95, 0.0001, 1100),
        WebSource("instagram", "paid", "instagram", 20, 0.0001, 1100),
        WebSource("m.facebook.com", "referral", "facebook", 38, 0.006, 1250),
        WebSource("facebook", "paid", "facebook", 18, 0.008, 1300),
        WebSource("pinterest.com", "referral", "pinterest", 20, 0.004, 1200),
        WebSource("google", "organic", "", 160, 0.008, 1300),
        WebSource("(direct)", "(none)", "", 90, 0.012, 1500),
        WebSource("newsletter", "email", "", 15, 0.02, 1400),
    ),
    personas=(
        Persona("Νέοι λάτρεις του design", 0.45, (27, 3.5), 0.62, ("Εξάρχεια", "Κουκάκι", "Παγκράτι"), (4, 2),
                ("<15.000 €", "15.000-30.000 €"), ("interior design", "DIY", "φωτογραφία", "βιωσιμότητα"),
                ("αισθητική", "τιμή"), ("μικρό διαμέρισμα", "περιορισμένος προϋπολογισμός"),
                ("instagram", "tiktok", "pinterest"), (3.8, 0.8), ("evening", "night"),
                ("reels", "έμπνευση διακόσμησης"), 0.12),
        Persona("Καθιερωμένοι ιδιοκτήτες σπιτιού", 0.4, (51, 6), 0.55, ("Κηφισιά", "Γλυφάδα", "Χαλάνδρι"), (14, 4),
                ("45.000-70.000 €", ">70.000 €"), ("ανακαίνιση", "κηπουρική", "μαγειρική"),
                ("ποιότητα", "αντοχή", "εξυπηρέτηση"), ("χρόνος", "παράδοση και συναρμολόγηση"),
                ("facebook", "youtube"), (1.4, 0.5), ("morning", "midday"),
                ("προσφορές", "οδηγοί αγοράς"), 0.7),
        Persona("Επαγγελματίες διακοσμητές (B2B)", 0.15, (39, 5), 0.5, ("Κολωνάκι", "Μαρούσι", "Πειραιάς"), (8, 4),
                ("30.000-45.000 €", "45.000-70.000 €"), ("αρχιτεκτονική", "υλικά", "έργα πελατών"),
                ("αξιοπιστία", "εκπτώσεις όγκου", "προσαρμογή"), ("προθεσμίες", "διαθεσιμότητα αποθέματος"),
                ("linkedin", "pinterest", "instagram"), (2.2, 0.6), ("midday", "morning"),
                ("τεχνικά φύλλα", "έργα"), 0.85),
    ),
    always_on={"facebook": (45.0, 0.55), "instagram": (30.0, 0.35)},
    competitor_followers={"oikosdesign": 26500, "ikeagreece": 412000},
    mention_tool="meltwater",
    sentiment_share=0.85,
    labelled_sample=400,  # enough Greek labels for a model of its own (no shipped Greek method passes)
    facebook_columns=31,
    instagram_late_order=True,
    overlap_channel="instagram",
    engagement_without_sales=True,
    campaigns=("Ανοιξιάτικη Συλλογή", "Καλοκαίρι στη Βεράντα", "Back to Home", "Χριστουγεννιάτικες Προσφορές"),
)

SAAS = Profile(
    channels={
        "linkedin": ChannelPlan(
            posts_per_week=5, content_types={"text": 0.3, "photo": 0.3, "article": 0.2, "video": 0.2},
            hours={8: 2, 9: 2, 10: 1, 12: 1, 14: 1, 16: 1},
            reach=2300, engagement_rate=0.035, link_click_rate=0.012,
            followers_start=6800, daily_growth=7, growth_trend=2,
            boost_share=0.25, boost_spend=(150, 600), boost_reach=2.5, unfollow_share=0.0),
        "x": ChannelPlan(
            posts_per_week=6, content_types={"text": 0.5, "link": 0.3, "photo": 0.2},
            hours={9: 2, 10: 1, 11: 1, 13: 1, 15: 1},
            reach=1400, engagement_rate=0.02, link_click_rate=0.008,
            followers_start=4100, daily_growth=2.5, growth_trend=0.5,
            boost_share=0.1, boost_spend=(100, 300), boost_reach=2.0),
        "youtube": ChannelPlan(
            posts_per_week=1.2, content_types={"video": 0.7, "short": 0.3},
            hours={10: 1, 14: 1},
            reach=900, engagement_rate=0.04, link_click_rate=0.01,
            followers_start=1200, daily_growth=1.2, growth_trend=0.4),
    },
    brand_volume={"Ledgerly": 20, "Paywise": 26, "Booksmith": 15},
    sentiment={"Ledgerly": (0.45, 0.42, 0.13), "Paywise": (0.4, 0.45, 0.15), "Booksmith": (0.35, 0.45, 0.2)},
    mention_channels={"x": 0.45, "linkedin": 0.25, "forum": 0.1, "news": 0.06, "blog": 0.07,
                      "reviews": 0.05, "youtube": 0.02},
    web=(
        WebSource("linkedin.com", "referral", "linkedin", 55, 0.02, 0),
        WebSource("linkedin", "paid", "linkedin", 30, 0.035, 0),
        WebSource("t.co", "referral", "x", 22, 0.008, 0),
        WebSource("youtube.com", "referral", "youtube", 9, 0.01, 0),
        WebSource("google", "organic", "", 240, 0.012, 0),
        WebSource("google", "cpc", "", 60, 0.03, 0),
        WebSource("(direct)", "(none)", "", 110, 0.015, 0),
    ),
    personas=(
        Persona("Scaling startup CFO", 0.3, (38, 5), 0.4, ("New York", "Boston", "Austin"), (0, 0),
                (), ("fundraising", "FP&A", "automation"), ("speed", "integrations"), ("month-end close", "headcount"),
                ("linkedin", "x"), (1.5, 0.5), ("morning", "night"), ("case studies", "benchmarks"), 0.45),
        Persona("Hands-on controller", 0.35, (45, 6), 0.6, ("Chicago", "Atlanta", "Dallas"), (0, 0),
                (), ("reconciliation", "audit", "compliance"), ("accuracy", "support"), ("manual data entry", "audit prep"),
                ("linkedin", "youtube"), (1.0, 0.4), ("midday", "evening"), ("how-to videos", "webinars"), 0.6),
        Persona("Accounting firm partner", 0.2, (52, 6), 0.45, ("New Jersey", "Philadelphia", "Charlotte"), (0, 0),
                (), ("client advisory", "practice management", "tax"), ("multi-client", "pricing"),
                ("client onboarding", "staff shortage"), ("linkedin", "facebook"), (0.8, 0.3), ("morning",),
                ("webinars", "industry news"), 0.35),
        Persona("Ops-minded founder", 0.15, (31, 4), 0.3, ("San Francisco", "Seattle", "Denver"), (0, 0),
                (), ("startups", "no-code", "growth"), ("price", "ease of use"), ("cash visibility", "time"),
                ("x", "youtube", "linkedin"), (3.0, 0.7), ("night", "evening"), ("threads", "product demos"), 0.2),
    ),
    survey_size=360,
    sentiment_share=0.0,
    overlap_channel="x",
    always_on={"linkedin": (330.0, 7.5), "x": (60.0, 1.6)},
    competitor_followers={"x/paywise": 22300, "linkedin/paywise": 35100, "x/booksmithhq": 9100,
                          "linkedin/booksmith": 14200},
    campaigns=("Audit Season", "Spring Release", "Q4 Planning"),
    launch_spike="Paywise",
    launch_hashtag="#PaywiseLaunch",
    dormant_handle="ledgerly_app",
    dying_campaign="Close Faster",
    labelled_sample=30,  # labelling has begun: too few yet to measure VADER on the client's mentions
)

PROFILES: dict[str, Profile] = {"demo-cafe": CAFE, "demo-furniture": FURNITURE, "demo-saas": SAAS}

_BY_LANGUAGE = {"ko": CAFE, "el": FURNITURE, "en": SAAS}


def profile_for(params: ClientParams) -> Profile:
    """The client's own profile, or the generic one for its language (no planted signals)."""
    if params.client_id in PROFILES:
        return PROFILES[params.client_id]
    base = _BY_LANGUAGE[params.language]
    plans = list(base.channels.values())
    channels = {ch: plans[i % len(plans)] for i, ch in enumerate(params.channels)}
    brands = params.brands()
    volumes = list(base.brand_volume.values())
    return Profile(
        channels=channels,
        brand_volume={b: volumes[i % len(volumes)] for i, b in enumerate(brands)},
        sentiment={b: (0.5, 0.35, 0.15) for b in brands},
        mention_channels=base.mention_channels,
        web=base.web,
        personas=base.personas,
        campaigns=base.campaigns,
    )
