"""The province default procedures (工作指南) for 140000: 支部换届选举 (domain-rules §2, 基层组织
选举工作条例 2020) and 组织生活会 (§1, 支部工作条例 第十七条). Counties add their own version."""

import datetime

from django.db import migrations

ELECTION = [
    # number, name, guidance, form, basis
    (1, "支委会决定召开换届选举", "支部委员会研究决定按期换届，起草上一届支部委员会工作报告，提出"
     "召开党员大会的时间、议程，新一届委员会委员名额和选举方式的初步意见。任期届满前应及早启动，"
     "上级党组织一般提前6个月提醒。", "", "选举工作条例第三条"),
    (2, "书面请示上级党委", "以书面形式向上级党委报送换届选举请示，写明召开党员大会的时间、议程，"
     "委员、书记、副书记名额和选举办法，附上一届支部委员会工作报告。可打印《换届选举请示》。",
     "request", "选举工作条例；请示提前期为地方规定（默认2个月）"),
    (3, "上级党委批复", "上级党委审查请示后作出批复。未经批复不得召开选举大会。登记批复日期和文号。",
     "", "选举工作条例"),
    (4, "酝酿提名候选人预备人选", "组织党员酝酿提名，支委会根据多数党员意见确定候选人预备人选，"
     "报上级党委审批。委员候选人数应多于应选人数的20%（差额）。", "", "选举工作条例：差额不少于20%"),
    (5, "召开党员大会选举委员", "有选举权的到会党员须超过应到会人数的4/5方可进行选举；无记名投票，"
     "设监票人、计票人；被选举人获得赞成票超过实到会有选举权人数的一半始得当选。", "",
     "选举工作条例：到会超过4/5，得票过半"),
    (6, "新一届支委会选举书记、副书记", "新一届支部委员会第一次全体会议等额选举书记、副书记；"
     "不设委员会的支部由党员大会选举书记。", "", "支部工作条例"),
    (7, "选举结果报上级党委", "将选举结果书面报告上级党委，书记、副书记报上级党委批准；"
     "选举材料整理归档。可打印《选举结果报告》。", "result", "党章；地方做法：选举后1个月内报告"),
]

LIFE = [
    (1, "会前准备", "确定会议主题并报上级党组织；组织党员集中学习；开展谈心谈话（支委之间、支委与"
     "党员之间、党员之间）；广泛征求党员群众意见。", "", "支部工作条例第十七条"),
    (2, "召开组织生活会", "以党员大会、支委会或党小组会形式召开；通报征求意见情况，党员逐一查摆"
     "问题，开展批评和自我批评，明确整改方向。指导员应列席指导。", "", "支部工作条例第十七条"),
    (3, "制定并落实整改措施", "会后针对查摆的问题制定整改措施，明确责任和时限，逐项抓好落实；"
     "整改清单可在一定范围内公开。", "", "支部工作条例第十七条；公开为地方做法"),
    (4, "报送情况报告", "将组织生活会召开情况、查摆的问题和整改清单书面报告上级党组织。"
     "可打印《组织生活会情况报告》。", "report", "地方做法"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Template = apps.get_model("partylife", "ProcedureTemplate")
    Step = apps.get_model("partylife", "ProcedureStep")
    Region.objects.get_or_create(code="140000", defaults={"name": "山西省", "level": "province"})
    for kind, name, basis, steps in [
            ("election", "支部换届选举工作程序", "中国共产党基层组织选举工作条例（2020）", ELECTION),
            ("life", "组织生活会工作程序", "中国共产党支部工作条例（试行）（2018）第十七条", LIFE)]:
        template = Template.objects.create(region_id="140000", kind=kind, name=name, version=1,
                                           effective_from=datetime.date(2018, 10, 28),
                                           basis=basis)
        Step.objects.bulk_create([
            Step(template=template, number=n, name=step_name, guidance=guidance, form=form,
                 basis=step_basis)
            for n, step_name, guidance, form, step_basis in steps])


def unseed(apps, schema_editor):
    apps.get_model("partylife", "ProcedureTemplate").objects.filter(
        region_id="140000", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("partylife", "0003_procedures")]
    operations = [migrations.RunPython(seed, unseed)]
