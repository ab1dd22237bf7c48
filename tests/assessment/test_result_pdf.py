"""The result PDF goes through core.pdf.pdf_response: named in Chinese and audited."""

from urllib.parse import quote

from liangxin.assessment.models import Result
from liangxin.core.models import AuditAction, AuditLog


def test_the_assessment_result_pdf_is_named_in_chinese_and_audited(
    world, published, login
):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    response = login(world.users.county).get(f"/assessment/results/{result.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    name = f"{world.ins_a.name}-{published}考核登记表.pdf"
    assert quote(name) in response["Content-Disposition"]
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, object_id=str(result.pk), note__contains="考核登记表"
    ).exists()
