"""The skills opportunities start with (staff then keep the list in the admin)."""

from django.db import migrations

SKILLS = [
    ("first-aid", "الإسعافات الأولية", "First aid"),
    ("teaching", "التعليم والتدريس", "Teaching"),
    ("tree-planting", "الزراعة والتشجير", "Planting and landscaping"),
    ("cleaning", "النظافة وإصحاح البيئة", "Cleaning and environmental care"),
    ("crowd-management", "تنظيم الحشود والإرشاد", "Crowd management and guidance"),
    ("design", "التصميم والفنون", "Design and arts"),
    ("photography", "التصوير والتوثيق", "Photography and documentation"),
    ("social-media", "الإعلام الرقمي ووسائل التواصل", "Digital media and social networks"),
    ("translation", "الترجمة", "Translation"),
    ("data-entry", "إدخال البيانات والأعمال المكتبية", "Data entry and office work"),
    ("elderly-care", "رعاية كبار السن", "Care for the elderly"),
    ("food-distribution", "تجهيز السلال الغذائية وتوزيعها", "Preparing and distributing food baskets"),
    ("maintenance", "الصيانة والترميم", "Maintenance and restoration"),
    ("event-organizing", "تنظيم الفعاليات", "Organising events"),
]


def add(apps, schema_editor):
    Skill = apps.get_model("volunteering", "Skill")
    for code, name_ar, name_en in SKILLS:
        Skill.objects.update_or_create(code=code, defaults={"name_ar": name_ar, "name_en": name_en})


def remove(apps, schema_editor):
    apps.get_model("volunteering", "Skill").objects.filter(code__in=[code for code, _ar, _en in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
