"""Arabic text normalisation and stems, applied the same way to stored search documents and to queries.

Two strengths: `normalize_light` keeps ة (ta marbuta) so the stemmer still sees feminine endings;
`normalize` also maps ة → ه so that أمانة and امانه meet. `word_stems` gives the stems a word is
matched by beside itself (Snowball's Arabic stemmer, plus a table of broken plurals), so that
مبادرة finds المبادرات and ورشة finds ورش.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Harakat (fathatan … sukun), superscript alef, Quranic annotation marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
# Bidi controls and zero-width characters carry no meaning for search.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Bidi embeddings, overrides and isolates (LRE … RLO, LRI … PDI). Stored text loses them: an unclosed
# RLO would reverse whatever a page or a notification prints after the text. The marks LRM, RLM and
# ALM stay: they only nudge neutral characters and are what Arabic keyboards insert.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# One regex pass with a lookup per match: str.translate is slow on non-ASCII text (a failed
# dictionary lookup for every character it leaves alone).
_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
_FOLDS.update(zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True))
_FOLDABLE = re.compile("[" + "".join(_FOLDS) + "]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize_light(text: str | None) -> str:
    """Fold alef forms and alef maqsura, drop tatweel and harakat, ASCII digits, lower case."""
    if not text:
        return ""
    # NFKC turns presentation forms (ﻻ, ﺔ …) into the letters people type.
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = _FOLDABLE.sub(lambda match: _FOLDS[match.group()], text).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def normalize(text: str | None) -> str:
    """The full normalisation used for matching: `normalize_light` plus ة → ه."""
    return normalize_light(text).replace("ة", "ه")


# The definite article with the conjunctions and prepositions that attach to it: و+ال, ب+ال, ف+ال, ك+ال, ل+ل.
_ARTICLES = ("وال", "بال", "فال", "كال", "ال", "لل")
MIN_STEM = 3


def strip_article(word: str) -> str:
    """مشاركه for المشاركه, والتنميه → تنميه; short words (الي, الله) are left alone."""
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
            return word[len(article) :]
    return word


def search_document(text: str | None) -> str:
    """The matching form of a document: normalised words, plus each word without its article.

    So a search for مشاركة finds المشاركة and والمشاركة, and the reverse.
    """
    return search_document_from_light(normalize_light(text))


def search_document_from_light(light: str) -> str:
    """`search_document` of a text already through normalize_light (saves normalising it twice)."""
    words = light.replace("ة", "ه").split()
    extra = {stripped for word in words if (stripped := strip_article(word)) != word}
    return " ".join([*words, *sorted(extra)])


# Broken plurals of the platform's vocabulary (the forums in shared/samples, the demo data, the
# taxonomy) that the stemmer cannot bring to their singular's stem, and the singular each stands for.
# Applied to document and query words alike, before stemming. A word here needs a plural that the
# stemmer leaves apart from its singular (test_arabic checks each pair meets and that the table is
# needed for it); sound plurals (مبادرات, متطوعين) need no entry.
BROKEN_PLURALS = {
    "أحياء": "حي", "مدارس": "مدرسة", "مساجد": "مسجد", "مشاريع": "مشروع", "شباب": "شاب", "حدائق": "حديقة",
    "ملاعب": "ملعب", "مراكز": "مركز", "مناطق": "منطقة", "أسواق": "سوق", "شوارع": "شارع", "مرافق": "مرفق",
    "برامج": "برنامج", "أنشطة": "نشاط", "منازل": "منزل", "تجارب": "تجربة", "أطفال": "طفل", "أشخاص": "شخص",
    "أشجار": "شجرة", "طلاب": "طالب", "مجالس": "مجلس", "أهداف": "هدف", "مباني": "مبنى", "جوائز": "جائزة",
    "مدن": "مدينة", "خبراء": "خبير", "أعمال": "عمل", "حلول": "حل", "أفكار": "فكرة",
    "موارد": "مورد", "مصادر": "مصدر", "أوقاف": "وقف", "مساكن": "مسكن", "مراحل": "مرحلة", "وسائل": "وسيلة",
    "سكان": "ساكن", "منافذ": "منفذ", "مهرجانات": "مهرجان", "جهود": "جهد", "شروط": "شرط",
}
_SINGULAR = {normalize(plural): normalize_light(singular) for plural, singular in BROKEN_PLURALS.items()}
MIN_STEM_LENGTH = 2
_local = threading.local()  # a Snowball stemmer object keeps the word being stemmed: one per thread


def _snowball(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("arabic")
    return stemmer.stemWord(word)


@lru_cache(maxsize=100_000)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems one word (through normalize_light, so with its ة) is matched by, fully normalised.

    Snowball's Arabic stemmer guesses noun or verb from the article: it reads مبادرات as a verb
    (taking off only ت) but المبادرات as a noun (مبادر). Search words are mostly nouns, so each word
    gives two stems: as written (the stemmer then also takes off و/ب prefixes), and without its
    article stemmed as a noun (with ال put in front). A broken plural of BROKEN_PLURALS is stemmed
    as its singular. A final alef is dropped from stems of four letters or more: a hamza on alef
    and its madda fold to a plain alef (منشأة → منشاة → منشا, المنشآت → المنشات → منش), and the verb
    reading of a sound plural leaves one (مبادرات → مبادرا).
    """
    base = strip_article(word)
    singular = _SINGULAR.get(base.replace("ة", "ه"))
    if singular:
        word = base = singular
    found: dict[str, None] = {}
    for as_noun, text in ((False, word), (True, "ال" + base)):
        stem = normalize(_snowball(text))
        if as_noun and stem.startswith("ال"):
            continue  # too short for the stemmer to take the article off (الحي → الح)
        if len(stem) >= 4 and stem.endswith("ا"):
            stem = stem[:-1]
        if len(stem) >= MIN_STEM_LENGTH:
            found.setdefault(stem, None)
    return tuple(found)


# A hamza on alef (or its madda) before lam begins the word itself (ألعاب, إلكترونية), never the article: folded to a
# plain alef it would read as one (العاب → ال + عاب).
_HAMZA_LAM = ("أل", "إل", "آل")


def begins_with_hamza_lam(written: str) -> bool:
    """Whether a word as written (before normalize_light) begins with a hamza on alef and lam, so has no article."""
    return unicodedata.normalize("NFKC", written)[:2] in _HAMZA_LAM


def written_word_stems(written: str) -> tuple[str, ...]:
    """`word_stems` of a word as written (harakat removed, hamza forms kept). A word beginning with a hamza on alef
    and lam is stemmed as written, so that it keeps its first letters (ألعاب → العاب, meeting الألعاب) where its
    folded form would lose them as an article (عاب). The stored search documents keep only the folded form, so the
    search index still stems them as folded (both sides alike); the topic summary reads the posts as written."""
    if begins_with_hamza_lam(written):
        stem = normalize(_snowball(unicodedata.normalize("NFKC", written)))
        if len(stem) >= 4 and stem.endswith("ا"):
            stem = stem[:-1]
        if len(stem) >= MIN_STEM_LENGTH:
            return (stem,)
    return word_stems(normalize_light(written))


def search_stems_from_light(light: str) -> str:
    """The stems of every word of a text already through normalize_light, in order (the stems column).

    A stem appears as often as its words do, so that ranking weighs repeated words in the stems
    as it does in the document.
    """
    return " ".join(stem for word in light.split() for stem in word_stems(word))


def query_terms(text: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """Each query word, normalised and without its article, with its stems; in order, without repeats."""
    seen: dict[str, tuple[str, ...]] = {}
    for light_word in normalize_light(text).split():
        word = strip_article(light_word.replace("ة", "ه"))
        if word not in seen:
            seen[word] = word_stems(light_word)
    return list(seen.items())


def tokens(text: str | None) -> list[str]:
    """Normalised words of a query, without the article, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in normalize(text).split():
        seen.setdefault(strip_article(word), None)
    return list(seen)


def strip_bidi_controls(text: str) -> str:
    """`text` without bidi embedding, override and isolate characters (the LRM/RLM/ALM marks stay)."""
    return _BIDI_CONTROLS.sub("", text)
