"""The API's 422 answers speak the caller's language; the machine-readable parts stay as they are."""

import pytest

from musharaka.core.validation import translate_message

pytestmark = pytest.mark.django_db


def errors_for(client, language):
    response = client.get(
        "/api/v1/initiatives",
        {"q": "ب" * 201, "page": "first", "sort": "loudest"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    return {error["loc"][-1]: error for error in body["detail"]}


def test_query_errors_in_arabic_and_english(client):
    arabic, english = errors_for(client, "ar"), errors_for(client, "en")
    assert arabic["q"]["msg"] == "أدخل 200 حرف على الأكثر."  # Arabic counts hundreds with the singular
    assert english["q"]["msg"] == "Enter at most 200 characters."
    assert arabic["page"]["msg"] == "أدخل عددًا صحيحًا."
    assert english["page"]["msg"] == "Enter a whole number."
    assert arabic["sort"]["msg"].startswith("اختر واحدًا مما يلي:")
    assert "'relevance'" in english["sort"]["msg"]
    # Clients branch on type, loc and ctx: those are the same in both languages.
    for field in ("q", "page", "sort"):
        assert arabic[field]["type"] == english[field]["type"]
        assert arabic[field]["loc"] == english[field]["loc"]
    assert arabic["q"]["ctx"] == {"max_length": 200}


def test_a_missing_body_field_is_named_in_arabic(make_org, make_member, client_for):
    org = make_org()
    editor = make_member(org, "editor")
    response = client_for(editor).post(
        "/api/v1/initiatives", {"title_ar": "مبادرة"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 422
    missing = [error for error in response.json()["detail"] if error["type"] == "missing"]
    assert missing and all(error["msg"] == "هذا الحقل مطلوب." for error in missing)


def test_own_validator_messages_lose_pydantics_prefix():
    assert translate_message({"type": "value_error", "msg": "Value error, تاريخ النهاية قبل البداية"}) == (
        "تاريخ النهاية قبل البداية"
    )
    assert translate_message({"type": "not_nullable", "msg": "لا يمكن إفراغ هذا الحقل"}) == "لا يمكن إفراغ هذا الحقل"
    assert translate_message({"type": "none_required", "msg": "Input should be None"}) == "أدخل قيمة صحيحة."
