"""Arabic text normalisation, applied the same way to stored search documents and to queries.

Two strengths: `normalize_light` keeps ة (ta marbuta) so PostgreSQL's Arabic stemmer still sees
feminine endings; `normalize` also maps ة → ه so that أمانة and امانه meet.
"""

import re
import unicodedata

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


def tokens(text: str | None) -> list[str]:
    """Normalised words of a query, without the article, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in normalize(text).split():
        seen.setdefault(strip_article(word), None)
    return list(seen)


def strip_bidi_controls(text: str) -> str:
    """`text` without bidi embedding, override and isolate characters (the LRM/RLM/ALM marks stay)."""
    return _BIDI_CONTROLS.sub("", text)
