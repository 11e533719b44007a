"""What the core search index holds for a glossary term (shared by the services and the data migration)."""

GLOSSARY_KIND = "taxonomy.glossaryterm"


def glossary_texts(*, term_ar: str, term_en: str, definition_ar: str, definition_en: str) -> list[str]:
    # The term once more without the article, so that "مشاركة" finds "المشاركة المجتمعية"
    # (the core index matches word prefixes, and ال is part of the word).
    return [term_ar, term_en, definition_ar, definition_en, _without_article(term_ar)]


def _without_article(text: str) -> str:
    return " ".join(word[2:] if word.startswith("ال") and len(word) > 4 else word for word in text.split())
