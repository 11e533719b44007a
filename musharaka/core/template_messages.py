"""Translatable strings of the Jinja2 templates, read with Babel's Jinja2 extractor.

Used by `makemessages` (core/management/commands/makemessages.py), which hands xgettext a Python
rendering of each template's strings so that they land in the app's usual `django.po`, and by the
test that every template string has an Arabic translation.
"""

import gettext as gettext_module
import json
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract

PACKAGE = Path(__file__).resolve().parent.parent  # musharaka/


@dataclass(frozen=True)
class Message:
    line: int
    msgid: str
    plural: str | None = None
    context: str | None = None


def is_jinja_template(path: str | Path) -> bool:
    return "jinja2" in Path(path).parts


def messages(source: str) -> list[Message]:
    """The strings of one template: `_()`, `gettext()`, `ngettext()`, `pgettext()`, `npgettext()` calls."""
    found = []
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    for line, message, _comments, context in extract(
        "jinja2.ext:babel_extract", BytesIO(source.encode()), keywords=DEFAULT_KEYWORDS, options=options
    ):
        if isinstance(message, tuple):
            found.append(Message(line, message[0], message[1], context))
        else:
            found.append(Message(line, message, None, context))
    return found


def as_python(source: str) -> str:
    """The template's strings as gettext calls on the same lines, for xgettext (which reads Python)."""
    lines: dict[int, list[str]] = {}
    for message in messages(source):
        strings = [json.dumps(text, ensure_ascii=False) for text in (message.context, message.msgid, message.plural) if text]
        name = ("np" if message.plural else "p") if message.context else ("n" if message.plural else "")
        count = ", 1" if message.plural else ""
        lines.setdefault(message.line, []).append(f"{name}gettext({', '.join(strings)}{count})")
    last = max(lines, default=0)
    return "".join("; ".join(lines.get(number, [])) + "\n" for number in range(1, last + 1))


def template_files(root: Path = PACKAGE) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and is_jinja_template(path.relative_to(root)))


def compiled_catalogue(language: str = "ar", root: Path = PACKAGE) -> dict:
    """Every translation of the project's own compiled catalogues (not Django's or a library's)."""
    catalogue: dict = {}
    for mo in sorted(root.rglob(f"locale/{language}/LC_MESSAGES/django.mo")):
        with mo.open("rb") as fp:
            catalogue.update(gettext_module.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]
    return catalogue


def untranslated(paths: Iterable[Path], catalogue: dict) -> list[tuple[str, str]]:
    """(file, string) for each template string the catalogue does not translate (its context and plural
    form included)."""
    missing = []
    for path in paths:
        for message in messages(path.read_text(encoding="utf-8")):
            key = f"{message.context}\x04{message.msgid}" if message.context else message.msgid
            forms = [(key, index) for index in range(6)] if message.plural else [key]  # Arabic has six plural forms
            translated = all(catalogue.get(form) for form in forms)
            if not translated:
                shown = f"{message.context} | {message.msgid}" if message.context else message.msgid
                missing.append((f"{path}:{message.line}", shown))
    return missing
