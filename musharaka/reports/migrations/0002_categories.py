"""The six service categories residents report under, with their Open311 attributes.

Safe to run again (categories matched by code, attributes by category and code); reversing deletes those rows
that no report uses.
"""

from django.db import migrations

CATEGORIES = [
    {
        "code": "visual-distortion", "position": 1,
        "name_ar": "التشوه البصري", "name_en": "Visual distortion",
        "description_ar": "كتابات على الجدران، لوحات مهملة، مبانٍ مهجورة أو واجهات متهالكة تشوه المشهد الحضري.",
        "description_en": "Graffiti, neglected signs, abandoned buildings or run-down facades that spoil the "
                          "urban landscape.",
        "group_ar": "المشهد الحضري", "group_en": "Urban landscape",
        "keywords": "graffiti,signs,facades,تشوه بصري", "allows_anonymous": True,
        "attributes": [
            {"code": "kind", "datatype": "singlevaluelist", "required": False, "position": 1,
             "description_ar": "نوع التشوه", "description_en": "Kind of distortion",
             "values": [
                 {"key": "graffiti", "name_ar": "كتابات على الجدران", "name_en": "Graffiti"},
                 {"key": "signs", "name_ar": "لوحات إعلانية مهملة", "name_en": "Neglected signs"},
                 {"key": "building", "name_ar": "مبنى مهجور أو متهالك", "name_en": "Abandoned or run-down building"},
                 {"key": "other", "name_ar": "أخرى", "name_en": "Other"},
             ]},
        ],
    },
    {
        "code": "lighting", "position": 2,
        "name_ar": "الإنارة", "name_en": "Lighting",
        "description_ar": "أعمدة إنارة معطلة أو مطفأة، أو إنارة تعمل نهارًا.",
        "description_en": "Street lights out of order or off, or lights left on during the day.",
        "group_ar": "المرافق", "group_en": "Utilities",
        "keywords": "street light,lamp,pole,إنارة", "allows_anonymous": True,
        "attributes": [
            {"code": "pole-number", "datatype": "string", "required": False, "position": 1,
             "description_ar": "رقم عمود الإنارة (إن وجد)", "description_en": "Pole number (if any)", "values": []},
            {"code": "lights-out", "datatype": "number", "required": False, "position": 2,
             "description_ar": "عدد الأعمدة المطفأة", "description_en": "Number of lights out", "values": []},
        ],
    },
    {
        "code": "roads", "position": 3,
        "name_ar": "الطرق والأرصفة", "name_en": "Roads and pavements",
        "description_ar": "حفر في الطريق، أرصفة مكسورة، حفريات تُركت مفتوحة دون حواجز.",
        "description_en": "Potholes, broken pavements, excavations left open without barriers.",
        "group_ar": "المرافق", "group_en": "Utilities",
        "keywords": "pothole,pavement,excavation,حفر", "allows_anonymous": True,
        "attributes": [
            {"code": "hazard", "datatype": "singlevaluelist", "required": True, "position": 1,
             "description_ar": "درجة الخطورة", "description_en": "Hazard level",
             "values": [
                 {"key": "low", "name_ar": "منخفضة", "name_en": "Low"},
                 {"key": "medium", "name_ar": "متوسطة", "name_en": "Medium"},
                 {"key": "high", "name_ar": "عالية: خطر على المارة أو السيارات",
                  "name_en": "High: a danger to pedestrians or cars"},
             ]},
        ],
    },
    {
        "code": "cleanliness", "position": 4,
        "name_ar": "النظافة", "name_en": "Cleanliness",
        "description_ar": "نفايات متراكمة، حاويات ممتلئة، مخلفات بناء ملقاة في الأراضي الفضاء.",
        "description_en": "Piled-up litter, overflowing bins, building waste dumped on empty plots.",
        "group_ar": "البيئة", "group_en": "Environment",
        "keywords": "litter,bins,waste,نظافة", "allows_anonymous": True,
        "attributes": [
            {"code": "waste", "datatype": "multivaluelist", "required": False, "position": 1,
             "description_ar": "نوع المخلفات", "description_en": "Kind of waste",
             "values": [
                 {"key": "household", "name_ar": "نفايات منزلية", "name_en": "Household waste"},
                 {"key": "construction", "name_ar": "مخلفات بناء", "name_en": "Building waste"},
                 {"key": "bulky", "name_ar": "أثاث ومخلفات كبيرة", "name_en": "Bulky items"},
             ]},
        ],
    },
    {
        "code": "parks", "position": 5,
        "name_ar": "الحدائق", "name_en": "Parks",
        "description_ar": "حدائق مهملة، ألعاب أطفال مكسورة، مسطحات خضراء بلا ري.",
        "description_en": "Neglected parks, broken playground equipment, unwatered green spaces.",
        "group_ar": "البيئة", "group_en": "Environment",
        "keywords": "park,playground,garden,حدائق", "allows_anonymous": True,
        "attributes": [],
    },
    {
        "code": "other", "position": 6,
        "name_ar": "أخرى", "name_en": "Other",
        "description_ar": "ملاحظة أخرى على المشهد الحضري في الحي (تُقبل باسم مقدمها فقط).",
        "description_en": "Another observation about the neighbourhood's urban landscape (accepted with the "
                          "reporter's name only).",
        "group_ar": "", "group_en": "",
        "keywords": "other,أخرى", "allows_anonymous": False,
        "attributes": [],
    },
]


def load(apps, schema_editor):
    ServiceCategory = apps.get_model("reports", "ServiceCategory")
    CategoryAttribute = apps.get_model("reports", "CategoryAttribute")
    for item in CATEGORIES:
        fields = {key: value for key, value in item.items() if key not in ("code", "attributes")}
        category, _ = ServiceCategory.objects.update_or_create(code=item["code"], defaults=fields)
        for attribute in item["attributes"]:
            values = {key: value for key, value in attribute.items() if key != "code"}
            CategoryAttribute.objects.update_or_create(category=category, code=attribute["code"], defaults=values)


def unload(apps, schema_editor):
    ServiceCategory = apps.get_model("reports", "ServiceCategory")
    Report = apps.get_model("reports", "Report")
    used = set(Report.objects.values_list("category_id", flat=True).distinct())
    ServiceCategory.objects.filter(code__in=[item["code"] for item in CATEGORIES]).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
