"""Place and organisation names frequent in Arabic news, with their English forms: anchors for the
aligner that need no model and no user glossary.

Each entry: English forms (names and adjectives, matched case-insensitively as whole words) and
Arabic forms (matched after :func:`translate.arabic.normalize`, with the clitics و ف ب ل ك and the
article stripped, and the adjective endings ة/ين/ون stripped). Names that are ambiguous in Arabic
(عمان: Amman or Oman) are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from translate.align.anchors import fold


__all__ = ["NAMES", "names_in_arabic", "names_in_english"]

#: (English forms, Arabic forms), one place or organisation per entry.
NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Egypt", "Egyptian", "Egyptians"), ("مصر", "مصري")),
    (("Jordan", "Jordanian", "Jordanians"), ("الأردن", "أردني")),
    (("Syria", "Syrian", "Syrians"), ("سوريا", "سورية", "سوري")),
    (("Lebanon", "Lebanese"), ("لبنان", "لبناني")),
    (("Iraq", "Iraqi", "Iraqis"), ("العراق", "عراقي")),
    (("Saudi", "Saudis"), ("السعودية", "سعودي")),
    (("UAE", "Emirates", "Emirati", "Emiratis"), ("الإمارات", "إماراتي")),
    (("Qatar", "Qatari", "Qataris"), ("قطر", "قطري")),
    (("Kuwait", "Kuwaiti", "Kuwaitis"), ("الكويت", "كويتي")),
    (("Bahrain", "Bahraini"), ("البحرين", "بحريني")),
    (("Yemen", "Yemeni", "Yemenis"), ("اليمن", "يمني")),
    (("Libya", "Libyan", "Libyans"), ("ليبيا", "ليبي")),
    (("Tunisia", "Tunis", "Tunisian", "Tunisians"), ("تونس", "تونسي")),
    (("Algeria", "Algiers", "Algerian", "Algerians"), ("الجزائر", "جزائري")),
    (("Morocco", "Moroccan", "Moroccans"), ("المغرب", "مغربي")),
    (("Sudan", "Sudanese"), ("السودان", "سوداني")),
    (("Palestine", "Palestinian", "Palestinians"), ("فلسطين", "فلسطيني")),
    (("Israel", "Israeli", "Israelis"), ("إسرائيل", "إسرائيلي")),
    (("Gaza",), ("غزة",)),
    (("Jerusalem",), ("القدس",)),
    (("Iran", "Iranian", "Iranians"), ("إيران", "إيراني")),
    (("Turkey", "Turkish", "Turks", "Türkiye"), ("تركيا", "تركي")),
    (("Russia", "Russian", "Russians"), ("روسيا", "روسي")),
    (("China", "Chinese"), ("الصين", "صيني")),
    (("Japan", "Japanese"), ("اليابان", "ياباني")),
    (("India", "Indian", "Indians"), ("الهند", "هندي")),
    (("Pakistan", "Pakistani", "Pakistanis"), ("باكستان", "باكستاني")),
    (("Afghanistan", "Afghan", "Afghans"), ("أفغانستان", "أفغاني")),
    (("France", "French"), ("فرنسا", "فرنسي")),
    (("Germany", "German", "Germans"), ("ألمانيا", "ألماني")),
    (("Britain", "British", "UK"), ("بريطانيا", "بريطاني")),
    (("Norway", "Norwegian"), ("النرويج", "نرويجي")),
    (("Belgium", "Belgian"), ("بلجيكا", "بلجيكي")),
    (("Nigeria", "Nigerian", "Nigerians"), ("نيجيريا", "نيجيري")),
    (("Senegal", "Senegalese"), ("السنغال", "سنغالي")),
    (("Cameroon", "Cameroonian"), ("الكاميرون", "كاميروني")),
    (("Ghana", "Ghanaian"), ("غانا", "غاني")),
    (("US", "U.S.", "United States", "America", "American", "Americans"), ("الولايات المتحدة", "أميركا", "أمريكا", "أميركي", "أمريكي")),
    (("Europe", "European", "Europeans", "eurozone"), ("أوروبا", "أوروبي")),
    (("Africa", "African", "Africans"), ("أفريقيا", "إفريقيا", "أفريقي", "إفريقي")),
    (("Asia", "Asian"), ("آسيا", "آسيوي")),
    (("Cairo",), ("القاهرة",)),
    (("Damascus",), ("دمشق",)),
    (("Beirut",), ("بيروت",)),
    (("Baghdad",), ("بغداد",)),
    (("Riyadh",), ("الرياض",)),
    (("Doha",), ("الدوحة",)),
    (("Dubai",), ("دبي",)),
    (("Abu Dhabi",), ("أبوظبي", "أبو ظبي")),
    (("Khartoum",), ("الخرطوم",)),
    (("Tripoli",), ("طرابلس",)),
    (("Aden",), ("عدن",)),
    (("Casablanca",), ("الدار البيضاء",)),
    (("Rabat",), ("الرباط",)),
    (("Washington",), ("واشنطن",)),
    (("Moscow",), ("موسكو",)),
    (("Paris",), ("باريس",)),
    (("London",), ("لندن",)),
    (("Berlin",), ("برلين",)),
    (("Brussels",), ("بروكسل",)),
    (("Geneva",), ("جنيف",)),
    (("Vienna",), ("فيينا",)),
    (("New York",), ("نيويورك",)),
    (("United Nations", "UN", "U.N."), ("الأمم المتحدة",)),
    (("Security Council",), ("مجلس الأمن",)),
    (("European Union", "EU"), ("الاتحاد الأوروبي",)),
    (("NATO",), ("الناتو", "حلف شمال الأطلسي")),
    (("Arab League",), ("جامعة الدول العربية",)),
    (("OPEC",), ("أوبك",)),
    (("World Health Organization", "WHO"), ("منظمة الصحة العالمية",)),
    (("Red Crescent",), ("الهلال الأحمر",)),
    (("Red Cross",), ("الصليب الأحمر",)),
)

_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_ENDINGS = ("يين", "يون", "ين", "ون", "ه", "ات")
_ARABIC_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], list[tuple[str, int]], re.Pattern[str], dict[str, int]]:
    """Single-word Arabic forms, multi-word Arabic phrases, the English regex and its lookup."""
    words: dict[str, int] = {}
    phrases: list[tuple[str, int]] = []
    english: dict[str, int] = {}
    for index, (english_forms, arabic_forms) in enumerate(NAMES):
        for form in arabic_forms:
            folded = fold(form)
            if " " in folded:
                phrases.append((folded, index))
                continue
            words[folded] = index
            if folded.startswith("ال"):
                words[folded[2:]] = index
        for form in english_forms:
            english[form.casefold()] = index
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(form) for form in sorted(english, key=len, reverse=True)) + r")(?![\w])", re.IGNORECASE)
    return words, phrases, pattern, english


def _lookup(word: str, words: dict[str, int]) -> int | None:
    candidates = [word] + [word[len(c):] for c in _CLITICS if word.startswith(c) and len(word) - len(c) >= 3]
    for candidate in candidates:
        if candidate in words:
            return words[candidate]
        for ending in _ENDINGS:
            if candidate.endswith(ending) and candidate[: -len(ending)] in words and len(candidate) - len(ending) >= 3:
                return words[candidate[: -len(ending)]]
    return None


def names_in_arabic(text: str) -> frozenset[int]:
    """Indices into :data:`NAMES` of the places and organisations named in Arabic ``text``."""
    words, phrases, _, _ = _tables()
    folded = fold(text)
    found = {index for phrase, index in phrases if phrase in folded}
    for match in _ARABIC_WORD.finditer(folded):
        index = _lookup(match.group(0), words)
        if index is not None:
            found.add(index)
    return frozenset(found)


def names_in_english(text: str) -> frozenset[int]:
    """Indices into :data:`NAMES` named in English ``text`` (``US``/``UN`` only in capitals)."""
    _, _, pattern, english = _tables()
    found = set()
    for match in pattern.finditer(text):
        form = match.group(0)
        if form.casefold() in ("us", "un", "who", "eu", "uk") and not form.isupper():
            continue  # the pronoun "us", the word "who"
        found.add(english[form.casefold()])
    return frozenset(found)
