"""Every string of every Jinja2 template has its Arabic translation, and `makemessages` collects them."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from musharaka.core.template_messages import as_python, compiled_catalogue, messages, template_files, untranslated


def test_template_strings_have_an_arabic_translation():
    files = template_files()
    assert len(files) > 40  # the pages, partials and e-mails were found
    missing = untranslated(files, compiled_catalogue("ar"))
    assert missing == [], "template strings without an Arabic translation:\n" + "\n".join(f"{f}: {s!r}" for f, s in missing)


def test_untranslated_template_string_is_reported_with_its_file(tmp_path):
    page = tmp_path / "jinja2" / "demo" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<h1>{{ _("Initiatives") }}</h1>\n'  # translated
        '<p>{{ _("A sentence nobody translated, %(name)s", name=user) }}</p>\n'
        '{{ pgettext("a context nobody used", "Initiatives") }}\n'  # translated, but not in this context
        '{{ ngettext("%(counter)s initiative", "%(counter)s initiatives", n, counter=n) }}\n'  # translated plural
        '{{ ngettext("%(counter)s untranslated thing", "%(counter)s untranslated things", n, counter=n) }}\n',
        encoding="utf-8",
    )
    missing = untranslated([page], compiled_catalogue("ar"))
    assert missing == [
        (f"{page}:2", "A sentence nobody translated, %(name)s"),
        (f"{page}:3", "a context nobody used | Initiatives"),
        (f"{page}:5", "%(counter)s untranslated thing"),
    ]


def test_template_messages_read_calls_with_context_plural_and_arguments():
    source = (
        '{{ _("One") }}\n{{ pgettext("menu", "Filter") }} {{ npgettext("c", "a %(n)s", "%(n)s b", k, n=k) }}\n'
        '{{ _("T %(x)s", x=1) }}'
    )
    assert [(m.line, m.msgid, m.plural, m.context) for m in messages(source)] == [
        (1, "One", None, None),
        (2, "Filter", None, "menu"),
        (2, "a %(n)s", "%(n)s b", "c"),
        (3, "T %(x)s", None, None),
    ]
    assert as_python(source).splitlines() == [
        'gettext("One")',
        'pgettext("menu", "Filter"); npgettext("c", "a %(n)s", "%(n)s b", 1)',
        'gettext("T %(x)s")',
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_makemessages_merges_template_strings_and_keeps_translations(tmp_path, monkeypatch):
    app = tmp_path / "demoapp"
    (app / "jinja2" / "demoapp").mkdir(parents=True)
    (app / "jinja2" / "demoapp" / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ _("Kept") }} {{ pgettext("sidebar", "Filter") }}\n'
        '{{ ngettext("%(counter)s row", "%(counter)s rows", n, counter=n) }}{% endblock %}\n',
        encoding="utf-8",
    )
    catalogue = app / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Kept"\nmsgstr "محفوظ"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ar"], verbosity=0)
    text = catalogue.read_text(encoding="utf-8")
    assert 'msgid "Kept"\nmsgstr "محفوظ"' in text
    assert 'msgctxt "sidebar"\nmsgid "Filter"' in text
    assert 'msgid "%(counter)s row"\nmsgid_plural "%(counter)s rows"' in text
    assert "#~" not in text  # nothing marked obsolete
    assert not any(name.endswith(".py") for _, _, names in os.walk(app) for name in names)  # stubs removed
    assert Path(app / "jinja2" / "demoapp" / "page.html").exists()


def test_words_other_catalogues_translate_show_our_arabic(client, db):
    """Django's admin translates "Filter" as مرشّح and "Save" as احفظ; our pages say it with a context."""
    text = client.get("/organizations/").text
    assert "تصفية" in text
    assert "مرشّح" not in text
    from django.utils import translation

    from musharaka.initiatives.models import Status

    assert str(Status.ACTIVE.label) == "قيد التنفيذ"
    translation.activate("en")
    assert str(Status.ACTIVE.label) == "Active"


# Python strings that another catalogue (Django's, a library's or another app's with the same msgid)
# translates differently: they carry a context, so they render with the Arabic of our own .po.
PYTHON_CONTEXTUAL = [
    ("api", "The request body is not valid JSON."),
    ("api", "target group"),
    ("api", "organisation"),
    ("import", "Unknown region code: %(value)s."),
    ("import", "The number is too large."),
    ("import", "The file is too large (%(size)s). The limit is %(limit)s."),
    ("import", "The file is too large. The limit is %(limit)s."),
    ("initiative", "version"),
]


def test_python_strings_other_catalogues_translate_show_our_arabic(client_for, platform_admin):
    from django.utils import translation
    from django.utils.translation import pgettext

    from musharaka.initiatives.models import Initiative

    ours = compiled_catalogue("ar")
    with translation.override("ar"):
        # Every contextual message of ours renders as our catalogue says (templates' and Python's alike).
        shadowed = [(key, ours[key], pgettext(*key.split("\x04", 1))) for key in ours
                    if isinstance(key, str) and "\x04" in key and pgettext(*key.split("\x04", 1)) != ours[key]]
        assert shadowed == []
        sources = "\n".join(path.read_text(encoding="utf-8") for path in Path(settings.BASE_DIR, "musharaka").rglob("*.py")
                            if "tests" not in path.parts)
        for context, msgid in PYTHON_CONTEXTUAL:
            assert ours.get(f"{context}\x04{msgid}"), f"no Arabic for {context!r} {msgid!r}"
            assert f'pgettext("{context}", "{msgid}")' in sources or f'pgettext_lazy("{context}", "{msgid}")' in sources
        assert str(Initiative._meta.get_field("version").verbose_name) == ours["initiative\x04version"]
    response = client_for(platform_admin).post("/api/v1/initiatives", b"{", content_type="application/json",
                                               HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["detail"] == ours["api\x04The request body is not valid JSON."]
