NAME = "create"
TITLE = "Create initiative (API POST, token)"
METHOD = "POST"
KIND = "write"
GROUP = "write"
ORDER = 90


def request(ds):
    return {
        "path": "/api/v1/initiatives",
        "auth": True,
        "body": {
            "lead_organization_id": ds["editor_organization_id"],
            "title_ar": "مبادرة قياس الأداء",
            "summary_ar": "مبادرة أنشأها اختبار الأداء لقياس زمن الإنشاء.",
        },
    }
