"""Text banks for generated posts, mentions and survey answers, per language.

The demo data has to read like the real thing to a stakeholder (Korean for
the cafe, Greek for the furniture shop, English for the software company),
and mention texts have to carry the sentiment cues a lexicon-based scorer
can find, because one demo client ships mentions without any tool sentiment.
"""

from __future__ import annotations

# Hostile strings every report must escape: HTML, a spreadsheet formula,
# right-to-left marks (U+200F, U+202E) and emoji.
HOSTILE = (
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "\u200f\u202e",
    "🔥😡👍",
)

EMOJI = ("☕", "✨", "🙌", "👏", "💛", "📍", "🌿", "📊", "🚀", "😊", "🥐", "🛋️", "💡", "👀", "🎉")
EMOJI_NEGATIVE = ("😡", "😤", "👎", "😞", "🙄")

# Owned post captions: {topic} and {extra} are filled per post; hashtags, emoji
# and a link are appended by the generator.
POST_TEMPLATES: dict[str, tuple[str, ...]] = {
    "ko": (
        "오늘의 추천 메뉴는 {topic} {emoji} 연남동 골목에서 기다릴게요!",
        "{topic} 새로 나왔어요 {emoji} 주말 아침엔 창가 자리가 제일 좋아요",
        "바리스타가 직접 고른 {topic} 이야기 {emoji} 자세한 내용은 링크에서 확인하세요",
        "비 오는 날엔 {topic} 한 잔 어떠세요? {emoji}",
        "{topic} 이벤트 진행 중! 댓글로 친구를 태그해 주세요 {emoji}",
        "모퉁이 커피의 하루 ☕ {topic} 준비 완료 {emoji}",
    ),
    "el": (
        "Νέα συλλογή: {topic} από μασίφ δρυ {emoji} Σχεδιασμένο και φτιαγμένο στην Αθήνα.",
        "{topic} για το σαλόνι σας {emoji} Δείτε όλες τις αποχρώσεις στο κατάστημα.",
        "Πώς να επιλέξετε {topic} που θα κρατήσει μια ζωή {emoji}",
        "Έμπνευση της εβδομάδας: {topic} σε φυσικό φως {emoji}",
        "Ξύλο & Φως στο σπίτι σας: {topic} με δωρεάν παράδοση {emoji}",
        "Πίσω από τη δημιουργία: οι τεχνίτες μας φτιάχνουν {topic} {emoji}",
    ),
    "en": (
        "How finance teams {topic} with Ledgerly {emoji}",
        "New in Ledgerly: {topic} {emoji} Read the release notes.",
        "Customer story: how a 40-person team learned to {topic} {emoji}",
        "Webinar Thursday: {topic} — save your seat {emoji}",
        "5 mistakes to avoid when you {topic} {emoji}",
        "Ledgerly tip of the week: {topic} {emoji}",
    ),
}

POST_TOPICS: dict[str, tuple[str, ...]] = {
    "ko": ("핸드드립 커피", "바닐라 라떼", "아인슈페너", "말차 라떼", "소금빵", "당근 케이크",
           "시즌 원두", "콜드브루", "크루아상", "홈카페 원두 세트"),
    "el": ("τραπεζαρία", "καναπές", "βιβλιοθήκη", "κομοδίνο", "πολυθρόνα", "γραφείο",
           "ντουλάπα", "φωτιστικό δαπέδου", "παιδικό δωμάτιο", "ξύλινο τραπέζι σαλονιού"),
    "en": ("close the books faster", "automate reconciliation", "cut month-end stress",
           "track spend in real time", "approve invoices in one click", "forecast cash flow",
           "sync with your ERP", "audit-proof your ledger", "onboard a new controller",
           "run multi-entity accounting"),
}

BRAND_HASHTAGS: dict[str, tuple[str, ...]] = {
    "ko": ("#모퉁이커피", "#연남동카페", "#연남동", "#홍대카페", "#핸드드립", "#카페스타그램", "#커피"),
    "el": ("#xyloandfos", "#έπιπλα", "#interiordesign", "#αθήνα", "#homedecor", "#ξύλο"),
    "en": ("#ledgerly", "#fintech", "#accounting", "#CFO", "#finops", "#SaaS"),
}

# Topic hashtags that name no brand: safe to append to any brand's mentions.
TOPIC_HASHTAGS: dict[str, tuple[str, ...]] = {
    "ko": ("#연남동카페", "#홍대카페", "#카페스타그램", "#커피", "#디저트"),
    "el": ("#έπιπλα", "#interiordesign", "#αθήνα", "#homedecor", "#διακόσμηση"),
    "en": ("#fintech", "#accounting", "#CFO", "#finops", "#SaaS"),
}

LINKS: dict[str, str] = {
    "ko": "https://motungi.coffee/menu",
    "el": "https://xyloandfos.gr/collection",
    "en": "https://ledgerly.io/demo",
}

# Mention templates by sentiment. {brand} is a keyword of the brand talked
# about. Each positive or negative template carries plain sentiment words.
MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "ko": {
        "positive": (
            "{brand} 라떼 진짜 맛있어요 최고 👍",
            "{brand} 분위기 너무 좋아요 또 갈게요",
            "오늘 {brand} 다녀왔는데 직원분들 친절하고 커피 맛있어요",
            "{brand} 소금빵 완전 추천합니다 맛있어요",
            "주말 아침 {brand} 창가 자리 행복해요 💛",
            "{brand} 원두 좋아요 향이 최고예요",
        ),
        "neutral": (
            "{brand} 몇 시까지 영업하나요?",
            "{brand} 주차 가능한가요",
            "오늘은 {brand} 에서 작업 중",
            "{brand} 새 메뉴 나왔다고 하네요",
            "{brand} 가는 길 사진 📍",
            "{brand} 예약 되나요?",
        ),
        "negative": (
            "{brand} 오늘 너무 불친절했어요 실망입니다",
            "{brand} 커피 맛이 별로였어요 비싸기만 하고",
            "{brand} 대기 너무 길고 최악이에요 😡",
            "{brand} 자리가 좁고 시끄러워서 별로",
            "{brand} 주문 실수하고 사과도 없네요 실망",
        ),
    },
    "el": {
        "positive": (
            "Υπέροχα έπιπλα από {brand}, τέλεια ποιότητα 👏",
            "Πήραμε τραπεζαρία από {brand} και είμαστε πολύ ευχαριστημένοι",
            "Το {brand} έχει τα πιο όμορφα κομμάτια στην Αθήνα, τέλειο",
            "Εξαιρετική εξυπηρέτηση στο {brand}, το συστήνω ανεπιφύλακτα",
            "Λατρεύω τον καναπέ από {brand} ✨ υπέροχος",
        ),
        "neutral": (
            "Έχει κανείς εμπειρία με {brand};",
            "Το {brand} κάνει παράδοση στα νησιά;",
            "Πέρασα από το {brand} σήμερα",
            "Ποιο ωράριο έχει το {brand} το Σάββατο;",
            "Νέα συλλογή από {brand} είδα στο Instagram",
        ),
        "negative": (
            "Απαράδεκτη καθυστέρηση στην παράδοση από {brand}, απογοήτευση",
            "Το {brand} είναι πολύ ακριβό για αυτή την ποιότητα, κρίμα",
            "Κακή εξυπηρέτηση στο {brand} 😤 χάλια",
            "Ήρθε χαλασμένο το τραπέζι από {brand}, απαράδεκτο",
        ),
    },
    "en": {
        "positive": (
            "Loving {brand} — month-end close took half the time. Great product 🙌",
            "{brand} support is excellent, fixed our sync issue in minutes",
            "Switched to {brand} last quarter and the team is happy. Highly recommend",
            "{brand} reconciliation is brilliant, saved us hours 👏",
            "Great webinar from {brand} today, really useful",
        ),
        "neutral": (
            "Anyone using {brand} with NetSuite?",
            "Comparing {brand} pricing tiers this week",
            "{brand} has a new release out",
            "Is {brand} SOC 2 certified?",
            "Sitting in a {brand} demo right now",
        ),
        "negative": (
            "{brand} sync broke again. Terrible, wasted my whole morning 😡",
            "Really disappointed with {brand} support, no reply for a week",
            "{brand} price increase is awful, thinking of leaving",
            "{brand} export is buggy and slow. Frustrating",
        ),
    },
}

# English mentions in a Korean or Greek client's stream: visitors, expats, press.
ENGLISH_ABOUT = {
    "ko": {
        "positive": ("Best flat white in Seoul at {brand} ☕ love it", "{brand} is such a cozy cafe, great pastries",
                     "Loved the hand drip at {brand}, amazing"),
        "neutral": ("Working from {brand} today", "Is {brand} open on Mondays?", "Heading to {brand} in Yeonnam-dong"),
        "negative": ("{brand} was crowded and the service was rude, disappointed",
                     "Waited 30 minutes at {brand}, terrible"),
    },
    "el": {
        "positive": ("Beautiful furniture at {brand}, great quality", "Our new sofa from {brand} is perfect, love it"),
        "neutral": ("Does {brand} ship to Cyprus?", "Visited the {brand} showroom in Athens"),
        "negative": ("{brand} delivery was two weeks late, really disappointed", "Poor customer service at {brand}"),
    },
}

# English mentions appear in every client's stream (tourists, expats, press).
ENGLISH_SHARE = {"ko": 0.08, "el": 0.12, "en": 1.0}

AUTHOR_STEMS: dict[str, tuple[str, ...]] = {
    "ko": ("jiwoo", "minji", "seoyeon", "hajun", "coffee", "cafe_hopper", "yeonnam", "mapo",
           "dailylatte", "bread", "soyeon", "hyun", "jun", "mood", "seoul"),
    "el": ("maria", "nikos", "eleni", "giorgos", "katerina", "design", "spiti", "athens",
           "kostas", "sofia", "dimitris", "home", "interior", "anna", "yannis"),
    "en": ("cfo", "controller", "finops", "sarah", "mike", "ledger", "saas", "accounting",
           "jess", "tom", "priya", "startup", "ops", "dan", "kim"),
}

# Survey answer vocabularies, in the client's language.
GENDER = {
    "ko": {"female": "여성", "male": "남성", "other": "기타"},
    "el": {"female": "Γυναίκα", "male": "Άνδρας", "other": "Άλλο"},
    "en": {"female": "Female", "male": "Male", "other": "Other"},
}
DAYPARTS = {
    "ko": {"morning": "아침", "midday": "점심", "evening": "저녁", "night": "밤"},
    "el": {"morning": "Πρωί", "midday": "Μεσημέρι", "evening": "Απόγευμα", "night": "Βράδυ"},
    "en": {"morning": "Morning", "midday": "Midday", "evening": "Evening", "night": "Night"},
}
YES_NO = {"ko": ("예", "아니오"), "el": ("Ναι", "Όχι"), "en": ("Yes", "No")}
CHANNEL_NAMES = {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "linkedin": "LinkedIn",
                 "youtube": "YouTube", "tiktok": "TikTok", "pinterest": "Pinterest"}
