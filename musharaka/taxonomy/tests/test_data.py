import importlib

from django.apps import apps

from musharaka.core.models import SearchEntry
from musharaka.taxonomy.indexing import GLOSSARY_KIND
from musharaka.taxonomy.models import SDG, Axis, GlossaryTerm, TargetGroup

migration = importlib.import_module("musharaka.taxonomy.migrations.0002_load_taxonomy")


def counts():
    return [
        Axis.objects.count(),
        SDG.objects.count(),
        TargetGroup.objects.count(),
        GlossaryTerm.objects.count(),
        SearchEntry.objects.filter(kind=GLOSSARY_KIND).count(),
    ]


def test_six_axes_loaded_in_order(db):
    assert list(Axis.objects.values_list("code", "name_ar")) == [
        ("sustainability", "الاستدامة والتنمية المحلية"),
        ("innovation", "الابتكار التنموي"),
        ("nonprofit-empowerment", "تمكين القطاع غير الربحي"),
        ("local-content", "تعزيز المحتوى المحلي"),
        ("development-media", "الإعلام التنموي"),
        ("quality-of-life", "جودة الحياة وتنمية الجهات"),
    ]
    for axis in Axis.objects.all():
        assert axis.name_en and axis.description_ar and axis.description_en


def test_seventeen_sdgs_loaded(db):
    assert list(SDG.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SDG.objects.get(number=1).name_ar == "القضاء على الفقر"
    assert SDG.objects.get(number=11).name_en == "Sustainable cities and communities"
    assert SDG.objects.get(number=17).name_ar == "عقد الشراكات لتحقيق الأهداف"


def test_target_groups_loaded(db):
    codes = set(TargetGroup.objects.values_list("code", flat=True))
    assert codes >= {
        "residents", "youth", "women", "children", "elderly", "persons-with-disabilities", "families",
        "students", "volunteers", "entrepreneurs", "civil-associations", "private-sector", "government-bodies",
    }  # fmt: skip
    assert TargetGroup.objects.get(code="persons-with-disabilities").name_ar == "الأشخاص ذوو الإعاقة"


def test_glossary_loaded_and_indexed(db):
    terms = GlossaryTerm.objects.all()
    assert 15 <= terms.count() <= 25
    assert terms.get(code="community-participation").term_ar == "المشاركة المجتمعية"
    for term in terms:
        assert term.term_en and len(term.definition_ar) > 40 and len(term.definition_en) > 40
    indexed = set(SearchEntry.objects.filter(kind=GLOSSARY_KIND).values_list("object_id", flat=True))
    assert indexed == set(terms.values_list("pk", flat=True))


def test_taxonomy_migration_runs_twice_without_duplicates(db):
    before = counts()
    migration.load(apps, None)
    assert counts() == before


def test_taxonomy_migration_reverse_deletes_and_reloads(db):
    before = counts()
    migration.unload(apps, None)
    assert counts() == [0, 0, 0, 0, 0]
    migration.load(apps, None)
    assert counts() == before
