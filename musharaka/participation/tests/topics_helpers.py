"""Rows for the topic summary's tests, written with the ORM (the ideas and comments services are another part's)."""

import datetime
import itertools

from django.utils import timezone

from musharaka.participation.models import Comment, Idea, Phase, PhaseKind, Process, ProcessStatus, Visibility
from musharaka.participation.services import input_changed

_counter = itertools.count(1)

# Three clearly separate subjects, each written several ways: alef forms, ta marbuta as ه, alef maqsura,
# harakat and tatweel, with and without the article.
LIGHTING = [
    ("إنارة الشوارع المظلمة", "نطالب بإنارة الشوارع الداخلية فالأعمدة مطفأة ليلاً"),
    ("انارة الشارع العام", "اعمدة الانارة في الشارع معطلة والظلام يخيف المشاة"),
    ("إِنَارَةُ الطُّرُقِ", "الإنارة ضعيفة في الطرق وأعمدة الإنارة قليلة والشوارع مظلمة"),
    ("صيانة أعمدة الإنارة", "أعمدة الانارة المعطلة تجعل الشوارع مظلمه في الليل"),
    ("مصابيح الانارة", "استبدال مصابيح الإنارة في الشوارع بمصابيح موفرة والأعمدة الجديدة"),
]
PARKS = [
    ("حديقة للأطفال", "إنشاء حديقة عامة فيها ألعاب للأطفال وأشجار ومساحات خضراء"),
    ("حديقه الحي", "الحديقه تحتاج أشجار ومقاعد وألعاب اطفال ومساحه خضراء"),
    ("تشجير الحدائق", "زراعة الأشجار في الحدائق العامة وتوسيع المساحات الخضراء للأطفال"),
    ("ملعب وحديقة", "حديقة بها ملعب وألعاب للاطفال ومقاعد تحت الأشجار"),
    ("الحَدِيقَةُ العَامَّةُ", "نحتاج حديقة عامة خضراء بأشجار ظليلة وألعاب للأطفال"),
]
CLEANLINESS = [
    ("نظافة الحي", "تراكم النفايات في الحي ونحتاج حاويات نفايات أكثر وجمعها يوميا"),
    ("حاويات النفايات", "الحاويات ممتلئة بالنفايات والروائح كريهة ونطلب تنظيف الحاويات"),
    ("جمع القمامه", "جمع النفايات والقمامه متأخر والحاويات قليلة في الحي"),
    ("تنظيف الاحياء", "حملة تنظيف لجمع النفايات من الأحياء وتوفير حاويات نظيفة"),
    ("النّفايات في الشّارع", "رمي النفايات بجانب الحاويات يحتاج إلى حملة نظافة وحاويات كبيرة"),
]


def make_process(organization, *, region=None, status=ProcessStatus.PUBLISHED, phase=PhaseKind.IDEAS, **extra):
    process = Process.objects.create(organization=organization, region=region or organization.region,
                                     title_ar=extra.pop("title_ar", f"مسار مشاركة {next(_counter)}"),
                                     status=status, **extra)
    now = timezone.now()
    Phase.objects.create(process=process, kind=phase, starts_at=now - datetime.timedelta(days=5),
                         ends_at=now + datetime.timedelta(days=30))
    return process


def add_idea(process, author, title, description, *, neighbourhood=None, group="other",
             visibility=Visibility.VISIBLE):
    idea = Idea.objects.create(process=process, author=author, title=title, description=description,
                               neighbourhood=neighbourhood, group=group, visibility=visibility)
    if visibility == Visibility.VISIBLE:
        Process.objects.filter(pk=process.pk).update(idea_count=process.idea_count + 1)
    input_changed(process.pk)
    process.refresh_from_db()
    return idea


def add_comment(idea, author, body, *, group="other", visibility=Visibility.VISIBLE):
    comment = Comment.objects.create(idea=idea, author=author, body=body, group=group, visibility=visibility)
    input_changed(idea.process_id)
    return comment


def fill(process, author, *, neighbourhoods=(None, None, None)):
    """The three subjects' ideas: lighting (youth), parks (women), cleanliness (elders)."""
    made = {}
    for name, texts, group, hood in (("lighting", LIGHTING, "youth", neighbourhoods[0]),
                                     ("parks", PARKS, "women", neighbourhoods[1]),
                                     ("cleanliness", CLEANLINESS, "elders", neighbourhoods[2])):
        made[name] = [add_idea(process, author, title, body, group=group, neighbourhood=hood) for title, body in texts]
    process.refresh_from_db()
    return made
