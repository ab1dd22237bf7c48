from liangxin.core.importing import ImportColumn, ImportSpec, choice_parser, parse_bool
from liangxin.orgs.forms import OrganizationForm
from liangxin.orgs.models import OrgKind, OrgStatus, PartyCommittee, PartyOrganization
from liangxin.orgs.services import save_organization


def _by_name(model, label):
    def parse(text, user):
        if not text:
            return ""
        obj = model.objects.visible_to(user).filter(name=text).first()
        if obj is None:
            raise ValueError(f"找不到名为“{text}”的{label}，或不在您的管辖范围内")
        return obj.pk

    return parse


class OrganizationImport(ImportSpec):
    title = "两新组织"
    columns = [
        ImportColumn("名称", "name", required=True, example="保德县示例煤业有限公司"),
        ImportColumn(
            "统一社会信用代码",
            "credit_code",
            required=True,
            help="18位，自动校验",
            example="91140931MA0K1234X5",
        ),
        ImportColumn(
            "组织类型",
            "kind",
            required=True,
            parse=choice_parser(OrgKind.choices),
            help="非公有制企业 或 社会组织",
        ),
        ImportColumn(
            "管理党委",
            "committee",
            required=True,
            parse=_by_name(PartyCommittee, "行业党委"),
            example="中共保德县非公有制经济组织委员会",
        ),
        ImportColumn("行业", "industry", example="煤炭开采"),
        ImportColumn(
            "规模以上工业企业", "is_above_scale", parse=parse_bool, help="是/否"
        ),
        ImportColumn("重点企业", "is_key", parse=parse_bool, help="是/否"),
        ImportColumn(
            "实体性社会组织", "is_entity_social", parse=parse_bool, help="是/否"
        ),
        ImportColumn("从业人员数", "employees", help="整数", example="120"),
        ImportColumn("负责人", "legal_person"),
        ImportColumn("地址", "address"),
        ImportColumn(
            "经营状态",
            "status",
            parse=choice_parser(OrgStatus.choices),
            help="正常经营/停业/注销，默认正常经营",
        ),
        ImportColumn("登记日期", "registered_on", help="如 2020-05-01"),
        ImportColumn("正式党员数", "formal_members", help="整数"),
        ImportColumn("预备党员数", "probationary_members", help="整数"),
        ImportColumn(
            "所属党组织",
            "party_organization",
            parse=_by_name(PartyOrganization, "党组织"),
            help="已建党组织时填写其全称",
        ),
    ]

    def build_form(self, *, user, data):
        data = {k: v for k, v in data.items() if v not in ("", None) or k in ("name",)}
        data.setdefault("status", OrgStatus.ACTIVE)
        for number in ("employees", "formal_members", "probationary_members"):
            data.setdefault(number, 0)
        return OrganizationForm(data=data, user=user)

    def save(self, *, user, form):
        return save_organization(user=user, organization=form.instance)
