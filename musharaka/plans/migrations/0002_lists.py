"""The lists a plan starts with — need categories and the objectives goals align with (the 17 SDGs and the pillars
and objectives of Saudi Vision 2030) — which staff then edit in the admin."""

from django.db import migrations

CATEGORIES = [
    ("infrastructure", "البنية التحتية والطرق", "Infrastructure and roads", "quality-of-life"),
    ("public_services", "الخدمات البلدية", "Municipal services", "quality-of-life"),
    ("health", "الصحة", "Health", "quality-of-life"),
    ("education", "التعليم والتدريب", "Education and training", "sustainability"),
    ("economy", "فرص العمل والاقتصاد المحلي", "Jobs and the local economy", "local-content"),
    ("environment", "البيئة والمساحات الخضراء", "Environment and green spaces", "sustainability"),
    ("social", "الخدمات الاجتماعية والأسرة", "Social services and family", "nonprofit-empowerment"),
    ("culture", "الثقافة والرياضة والترفيه", "Culture, sport and leisure", "quality-of-life"),
    ("housing", "الإسكان والمشهد الحضري", "Housing and the urban landscape", "quality-of-life"),
    ("transport", "النقل والتنقل", "Transport and mobility", "quality-of-life"),
    ("digital", "الخدمات الرقمية", "Digital services", "innovation"),
    ("other", "أخرى", "Other", None),
]

SDGS = [
    "القضاء على الفقر", "القضاء التام على الجوع", "الصحة الجيدة والرفاه", "التعليم الجيد", "المساواة بين الجنسين",
    "المياه النظيفة والنظافة الصحية", "طاقة نظيفة وبأسعار معقولة", "العمل اللائق ونمو الاقتصاد",
    "الصناعة والابتكار والهياكل الأساسية", "الحد من أوجه عدم المساواة", "مدن ومجتمعات محلية مستدامة",
    "الاستهلاك والإنتاج المسؤولان", "العمل المناخي", "الحياة تحت الماء", "الحياة في البر",
    "السلام والعدل والمؤسسات القوية", "عقد الشراكات لتحقيق الأهداف",
]
SDGS_EN = [
    "No poverty", "Zero hunger", "Good health and well-being", "Quality education", "Gender equality",
    "Clean water and sanitation", "Affordable and clean energy", "Decent work and economic growth",
    "Industry, innovation and infrastructure", "Reduced inequalities", "Sustainable cities and communities",
    "Responsible consumption and production", "Climate action", "Life below water", "Life on land",
    "Peace, justice and strong institutions", "Partnerships for the goals",
]
NATIONAL = [
    ("V2030-1", "مجتمع حيوي", "A vibrant society"),
    ("V2030-1.2", "تعزيز جودة الحياة في المدن السعودية", "Improving the quality of life in Saudi cities"),
    ("V2030-1.3", "تعزيز القيم الإسلامية والهوية الوطنية", "Strengthening Islamic values and national identity"),
    ("V2030-2", "اقتصاد مزدهر", "A thriving economy"),
    ("V2030-2.1", "تنمية وتنويع الاقتصاد", "Growing and diversifying the economy"),
    ("V2030-2.3", "زيادة معدلات التوظيف", "Increasing employment"),
    ("V2030-3", "وطن طموح", "An ambitious nation"),
    ("V2030-3.1", "تعزيز فاعلية الحكومة", "Enhancing government effectiveness"),
    ("V2030-3.2", "تمكين المسؤولية الاجتماعية", "Enabling social responsibility"),
    ("V2030-3.2.3", "تمكين القطاع غير الربحي من تحقيق أثر أعمق", "Enabling the non-profit sector to deepen its impact"),
]


def add(apps, schema_editor):
    NeedCategory = apps.get_model("plans", "NeedCategory")
    Alignment = apps.get_model("plans", "Alignment")
    Axis = apps.get_model("taxonomy", "Axis")
    axes = dict(Axis.objects.values_list("code", "pk"))
    for position, (code, name_ar, name_en, axis) in enumerate(CATEGORIES):
        NeedCategory.objects.get_or_create(code=code, defaults={"name_ar": name_ar, "name_en": name_en,
                                                                "axis_id": axes.get(axis), "position": position})
    for number, (name_ar, name_en) in enumerate(zip(SDGS, SDGS_EN, strict=True), start=1):
        Alignment.objects.get_or_create(framework="sdg", code=f"SDG {number}",
                                        defaults={"name_ar": name_ar, "name_en": name_en, "position": number})
    for position, (code, name_ar, name_en) in enumerate(NATIONAL):
        Alignment.objects.get_or_create(framework="national", code=code,
                                        defaults={"name_ar": name_ar, "name_en": name_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("taxonomy", "0002_load_taxonomy")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
