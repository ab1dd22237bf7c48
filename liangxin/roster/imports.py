from liangxin.core.importing import ImportColumn, ImportSpec, choice_parser, parse_bool
from liangxin.orgs.models import Organization, PartyCommittee
from liangxin.roster import services
from liangxin.roster.forms import AssignmentForm, InstructorForm
from liangxin.roster.models import (
    DispatchingUnit,
    Gender,
    Instructor,
    InstructorSource,
    InstructorStatus,
)


def by_name(model, label, field="name"):
    def parse(text, user):
        if not text:
            return ""
        matches = list(model.objects.visible_to(user).filter(**{field: text})[:2])
        if not matches:
            raise ValueError(f"找不到“{text}”（{label}），或不在您的管辖范围内")
        if len(matches) > 1:
            raise ValueError(f"有多个名为“{text}”的{label}，请改用唯一标识")
        return matches[0].pk

    return parse


class InstructorImport(ImportSpec):
    title = "党建工作指导员"
    columns = [
        ImportColumn("姓名", "name", required=True, example="张建国"),
        ImportColumn(
            "性别", "gender", required=True, parse=choice_parser(Gender.choices)
        ),
        ImportColumn("出生日期", "birth_date", help="如 1965-03-01"),
        ImportColumn("手机号", "phone", help="11位手机号"),
        ImportColumn("入党时间", "party_since"),
        ImportColumn(
            "来源",
            "source",
            required=True,
            parse=choice_parser(InstructorSource.choices),
            help="退出领导岗位干部/在职年轻干部/专职招聘人员",
        ),
        ImportColumn(
            "派出单位",
            "unit",
            required=True,
            parse=by_name(DispatchingUnit, "派出单位"),
        ),
        ImportColumn("职务", "post"),
        ImportColumn(
            "管理党委",
            "committee",
            required=True,
            parse=by_name(PartyCommittee, "行业党委"),
        ),
        ImportColumn("专职", "is_full_time", parse=parse_bool, help="是/否"),
        ImportColumn(
            "状态",
            "status",
            parse=choice_parser(InstructorStatus.choices),
            help="在岗/暂停/已离任，默认在岗",
        ),
        ImportColumn("选派日期", "appointed_on"),
    ]

    def build_form(self, *, user, data):
        data = {k: v for k, v in data.items() if v not in ("", None)}
        data.setdefault("status", InstructorStatus.ACTIVE)
        return InstructorForm(data=data, user=user)

    def save(self, *, user, form):
        return services.save_instructor(user=user, instructor=form.instance)


class AssignmentImport(ImportSpec):
    title = "派驻记录"
    columns = [
        ImportColumn(
            "组织统一社会信用代码",
            "organization",
            required=True,
            parse=by_name(Organization, "两新组织", field="credit_code"),
            help="用信用代码唯一确定组织",
        ),
        ImportColumn(
            "指导员姓名",
            "instructor",
            required=True,
            parse=by_name(Instructor, "指导员"),
        ),
        ImportColumn("派驻开始日期", "started_on", required=True, example="2026-01-01"),
        ImportColumn("说明", "reason"),
    ]

    def build_form(self, *, user, data):
        return AssignmentForm(data=data, user=user)

    def save(self, *, user, form):
        data = form.cleaned_data
        return services.assign_instructor(
            user=user,
            instructor=data["instructor"],
            organization=data["organization"],
            started_on=data["started_on"],
            note=data.get("reason", ""),
        )
