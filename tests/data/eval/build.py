"""Rebuild the evaluation test corpus in this folder (deterministic; the outputs are committed).

    .venv/bin/python tests/data/eval/build.py

Writes, one segment a line, line i of every file belonging together:

- ``src.ar.txt`` — Arabic news sentences (templates over names, places, organisations, numbers);
- ``ref.en.txt`` — their English reference, with Unicode quotes (“ ” ‘ ’), empty lines and
  punctuation-only lines;
- ``hyp_a.en.txt`` / ``hyp_b.en.txt`` — two "systems": the reference systematically perturbed
  (synonyms, misspelt names, dropped articles and words, swapped words, straightened or curled quotes,
  a few empty outputs), A more heavily than B, so B is measurably better;
- ``hyp_a.merged.en.txt`` — A with some adjacent sentences merged into one line and one split in two,
  as an editor's re-segmentation would leave it, for ``--align``.
"""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = 300

PERSONS = [
    ("سيرغي لافروف", "Sergei Lavrov"),
    ("فلاديمير بوتين", "Vladimir Putin"),
    ("آشتون كارتر", "Ashton Carter"),
    ("ديمتري مدفيدف", "Dmitry Medvedev"),
    ("أنطونيو غوتيريش", "Antonio Guterres"),
    ("رجب طيب أردوغان", "Recep Tayyip Erdogan"),
    ("عبد الفتاح السيسي", "Abdel Fattah al-Sisi"),
    ("الملك عبد الله الثاني", "King Abdullah II"),
    ("إيمانويل ماكرون", "Emmanuel Macron"),
    ("زاور شوج", "Zaur Shoujan"),
]
CITIES = [
    ("دمشق", "Damascus"),
    ("القاهرة", "Cairo"),
    ("حلب", "Aleppo"),
    ("بغداد", "Baghdad"),
    ("بيروت", "Beirut"),
    ("عمّان", "Amman"),
    ("الرياض", "Riyadh"),
    ("موسكو", "Moscow"),
    ("واشنطن", "Washington"),
    ("جنيف", "Geneva"),
    ("الدوحة", "Doha"),
    ("طرابلس", "Tripoli"),
    ("الخرطوم", "Khartoum"),
    ("صنعاء", "Sanaa"),
]
ORGS = [
    ("الأمم المتحدة", "the United Nations"),
    ("مجلس الأمن", "the Security Council"),
    ("الاتحاد الأوروبي", "the European Union"),
    ("جامعة الدول العربية", "the Arab League"),
    ("حلف شمال الأطلسي", "NATO"),
    ("منظمة الصحة العالمية", "the World Health Organization"),
]
DAYS = [
    ("الاثنين", "Monday"),
    ("الثلاثاء", "Tuesday"),
    ("الأربعاء", "Wednesday"),
    ("الخميس", "Thursday"),
    ("الجمعة", "Friday"),
    ("السبت", "Saturday"),
    ("الأحد", "Sunday"),
]
QUOTES = [
    ("سنواصل العمل من أجل السلام", "We will continue to work for peace."),
    ("الحوار هو الطريق الوحيد", "Dialogue is the only way."),
    ("لن نقبل بأي تدخل خارجي", "We will not accept any foreign interference."),
    ("الوضع الإنساني كارثي", "The humanitarian situation is catastrophic."),
]
# (Arabic, English); {p}/{q} persons, {c} city, {o} organisation ({O} capitalised), {d} day,
# {n}/{m} numbers (Arabic-Indic digits in {n_ar}), {qa}/{qe} a quotation.
TEMPLATES = [
    ("قال {p} إن {o} ستعقد اجتماعا طارئا في {c} يوم {d}.", "{p} said {o} would hold an emergency meeting in {c} on {d}."),
    ("أعلنت وزارة الدفاع أن {n_ar} جنديا قتلوا في اشتباكات قرب {c}.", "The Ministry of Defence announced that {n} soldiers were killed in clashes near {c}."),
    ("وصل {p} إلى {c} في زيارة رسمية تستمر يومين.", "{p} arrived in {c} on a two-day official visit."),
    ("ودعت {o} إلى وقف فوري لإطلاق النار في {c}.", "{O} called for an immediate ceasefire in {c}."),
    ("وقال مراسل الجزيرة في {c} إن الوضع لا يزال متوترا.", "The Al Jazeera correspondent in {c} said the situation remained tense."),
    ("ارتفعت أسعار النفط بنسبة {n} في المئة يوم {d}.", "Oil prices rose by {n} percent on {d}."),
    ("وأكد {p} أن بلاده لن تتخلى عن حلفائها.", "{p} stressed that his country would not abandon its allies."),
    ("ونقلت وكالة رويترز عن مصدر مسؤول قوله \"لا نية لدينا للتصعيد\".", "Reuters quoted an official source as saying: “We have no intention of escalating.”"),
    ("وأضاف {p} \"{qa}\".", "{p} added: “{qe}”"),
    ("وتستضيف {c} مؤتمرا دوليا حول اللاجئين الشهر المقبل.", "{c} will host an international conference on refugees next month."),
    ("وقدرت {o} عدد النازحين بنحو {n} ألف شخص.", "{O} estimated the number of displaced people at about {n},000."),
    ("وفي الأثناء، التقى {p} نظيره {q} في {c}.", "Meanwhile, {p} met his counterpart {q} in {c}."),
    ("ولم يصدر أي تعليق رسمي من {c} حتى الآن.", "There has been no official comment from {c} so far."),
    ("وتشهد {c} منذ أسابيع احتجاجات تطالب بإصلاحات اقتصادية.", "{c} has seen protests for weeks demanding economic reforms."),
    ("وأشار التقرير إلى أن {n} مدنيا أصيبوا خلال {m} أيام.", "The report said {n} civilians had been wounded in {m} days."),
    ("من جهتها، رحبت {o} بالاتفاق ووصفته بأنه «خطوة مهمة».", "For its part, {o} welcomed the agreement, calling it “an important step”."),
    ("وقالت مصادر محلية إن الطيران قصف مواقع في ريف {c}.", "Local sources said aircraft struck positions in the {c} countryside."),
    ("وجرى اتصال هاتفي بين {p} و{q} مساء {d}.", "{p} and {q} spoke by telephone on {d} evening."),
    ("ويتوقع صندوق النقد الدولي أن ينمو الاقتصاد بنسبة {m} في المئة هذا العام.", "The IMF expects the economy to grow by {m} percent this year."),
    ("وأفاد شهود عيان بسماع دوي انفجارات في {c}.", "Witnesses reported hearing explosions in {c}."),
    ("{p}: {o} فشلت في حماية المدنيين", "{p}: {o} failed to protect civilians"),
    ("وكان {p} قد حذر في وقت سابق من 'عواقب وخيمة'.", "{p} had earlier warned of ‘dire consequences’."),
    ("وتأتي الزيارة بعد {m} أشهر من توقيع الاتفاق.", "The visit comes {m} months after the agreement was signed."),
    ("المصدر: الجزيرة + وكالات", "Source: Al Jazeera and agencies"),
    ("هل تنجح {c} في إنهاء الأزمة؟", "Can {c} end the crisis?"),
]
# Lines that are empty or punctuation only, on both sides (Arabic, English).
SPECIAL = [("", ""), ("...", "..."), ("—", "—"), ("؟!", "?!"), ("«»", "“”"), ("", "")]

SYNONYMS = {
    "said": "stated",
    "announced": "declared",
    "arrived": "reached",
    "immediate": "urgent",
    "meeting": "session",
    "rose": "increased",
    "protests": "demonstrations",
    "Witnesses": "Eyewitnesses",
    "countryside": "rural areas",
    "counterpart": "equivalent",
    "stressed": "confirmed",
    "tense": "strained",
    "killed": "dead",
    "estimated": "assessed",
    "welcomed": "hailed",
}
NAME_VARIANTS = {
    "Lavrov": "Lavrof",
    "Medvedev": "Medvediev",
    "al-Sisi": "el-Sissi",
    "Guterres": "Guterrez",
    "Erdogan": "Erdoğan",
    "Shoujan": "Shuj",
    "Sanaa": "Sana'a",
}


def _arabic_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_pairs(rng: random.Random) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for line in range(LINES):
        if line % 23 == 11:
            pairs.append(SPECIAL[(line // 23) % len(SPECIAL)])
            continue
        arabic, english = TEMPLATES[rng.randrange(len(TEMPLATES))]
        p, q = rng.sample(PERSONS, 2)
        c, o, d, quote = rng.choice(CITIES), rng.choice(ORGS), rng.choice(DAYS), rng.choice(QUOTES)
        n, m = rng.randint(2, 95), rng.randint(2, 12)
        slots_ar = {"p": p[0], "q": q[0], "c": c[0], "o": o[0], "O": o[0], "d": d[0], "n": str(n), "m": str(m), "n_ar": _arabic_digits(n), "qa": quote[0], "qe": quote[1]}
        slots_en = {"p": p[1], "q": q[1], "c": c[1], "o": o[1], "O": _capitalise(o[1]), "d": d[1], "n": str(n), "m": str(m), "n_ar": str(n), "qa": quote[0], "qe": quote[1]}
        pairs.append((arabic.format(**slots_ar), english.format(**slots_en)))
    return pairs


def perturb(sentence: str, rng: random.Random, rate: float) -> str:
    """An MT-like version of a reference sentence; ``rate`` scales how much changes."""
    if not sentence or not any(ch.isalpha() for ch in sentence):
        # Punctuation-only lines: sometimes a different punctuation, as MT renders «» or ؟!.
        return {"“”": "\"\"", "?!": "?", "—": "-"}.get(sentence, sentence) if rng.random() < rate else sentence
    if rng.random() < 0.04 * rate:
        return ""  # the model produced nothing
    if rng.random() > 0.85 * rate + 0.1:
        return sentence  # left untouched
    words = sentence.split(" ")
    words = [SYNONYMS.get(word, word) if rng.random() < rate else word for word in words]
    words = [next((word.replace(k, v) for k, v in NAME_VARIANTS.items() if k in word), word) if rng.random() < rate else word for word in words]
    if len(words) > 4 and rng.random() < rate:
        del words[rng.randrange(1, len(words) - 1)]
    if len(words) > 4 and rng.random() < rate * 0.6:
        i = rng.randrange(1, len(words) - 2)
        words[i], words[i + 1] = words[i + 1], words[i]
    text = " ".join(words)
    if rng.random() < rate:
        text = text.replace(" the ", " ", 1)
    if rng.random() < 0.6:
        text = text.replace("“", "\"").replace("”", "\"").replace("‘", "'").replace("’", "'")
    return text


def merge_and_split(lines: list[str]) -> list[str]:
    """Re-segment like an editor: merge every 17th line (from the 6th) into the previous one, split one at a comma."""
    merged: list[str] = []
    for index, line in enumerate(lines):
        if index % 17 == 5 and merged and merged[-1] and line:
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    for index, line in enumerate(merged):
        if ", " in line and len(line) > 60:
            head, tail = line.split(", ", 1)
            merged[index : index + 1] = [head + ",", tail]
            break
    return merged


def main() -> None:
    pairs = build_pairs(random.Random(20151014))
    arabic = [a for a, _ in pairs]
    english = [e for _, e in pairs]
    hyp_a = [perturb(line, random.Random(f"a{i}"), 0.9) for i, line in enumerate(english)]
    hyp_b = [perturb(line, random.Random(f"b{i}"), 0.5) for i, line in enumerate(english)]
    outputs = {
        "src.ar.txt": arabic,
        "ref.en.txt": english,
        "hyp_a.en.txt": hyp_a,
        "hyp_b.en.txt": hyp_b,
        "hyp_a.merged.en.txt": merge_and_split(hyp_a),
    }
    for name, lines in outputs.items():
        (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
