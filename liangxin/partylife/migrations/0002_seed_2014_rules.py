"""The province default rule set: 《中国共产党支部工作条例（试行）》2018 for meetings and the
2014 《中国共产党发展党员工作细则》 for the 25 steps (domain-rules §1–§3). [L] items (党课 每季度,
公示 5 个工作日, 请示提前 2 个月) are defaults a county overrides with its own rule set."""

import datetime

from django.db import migrations

MEETINGS = [
    # kind, cadence, count, kinds, needs committee, quorum %, basis
    ("members", "quarterly", 1, [], False, 50, "支部工作条例第十一条：一般每季度召开1次"),
    ("committee", "monthly", 1, [], True, 50, "支部工作条例第十二条：一般每月召开1次"),
    ("group", "monthly", 0, [], False, None, "第十三条：设党小组的一般每月1次（按需设定次数）"),
    ("lecture", "quarterly", 1, [], False, None, "地方做法：每季度1次党课"),
    ("activity_day", "monthly", 1, [], False, None, "第十六条：每月相对固定1天开展主题党日"),
    ("life", "yearly", 1, [], False, None, "第十七条：组织生活会每年至少1次"),
    ("evaluation", "yearly", 1, [], False, None, "第十八条：民主评议党员一般每年1次"),
    ("talk", "yearly", 1, [], False, None, "谈心谈话每年至少1次"),
]

# number, stage, name, after, min_m, min_d, max_m, max_d, publicity, basis
STEPS = [
    (1, "application", "递交入党申请书", None, 0, 0, None, None, None, "年满十八岁"),
    (2, "application", "党组织派人谈话", 1, 0, 0, 1, None, None, "细则第七条：一个月内"),
    (3, "activist", "推荐和确定入党积极分子", 1, 0, 0, None, None, 5, "细则第八条；公示为地方做法"),
    (4, "activist", "上级党委备案", 3, 0, 0, None, None, None, "细则第八条"),
    (5, "activist", "指定培养联系人", 3, 0, 0, None, None, None, "细则第九条"),
    (6, "activist", "培养教育考察", 3, 0, 0, None, None, None, "细则第十一条：每半年考察一次"),
    (7, "development", "确定发展对象", 3, 12, 0, None, None, 5, "细则第十三条：培养一年以上"),
    (8, "development", "报上级党委备案", 7, 0, 0, None, None, None, ""),
    (9, "development", "确定入党介绍人", 7, 0, 0, None, None, None, "2名正式党员"),
    (10, "development", "进行政治审查", 7, 0, 0, None, None, None, "未经政审不能发展"),
    (11, "development", "开展集中培训", 7, 0, 0, None, None, None, "不少于3天或24学时"),
    (12, "admission", "支部委员会审查", 11, 0, 0, None, None, None, ""),
    (13, "admission", "上级党委预审", 12, 0, 0, 1, None, 5, "地方做法：一个月内；预审后公示"),
    (14, "admission", "填写入党志愿书", 13, 0, 0, None, None, None, ""),
    (15, "admission", "支部大会讨论", 13, 0, 0, 1, None, None, "地方做法：预审后一个月内"),
    (16, "admission", "上级党委派人谈话", 15, 0, 0, None, None, None, ""),
    (17, "admission", "上级党委审批", 15, 0, 0, 3, None, None, "三个月内审批"),
    (18, "admission", "再上一级党委组织部门备案", 17, 0, 0, None, None, None, ""),
    (19, "probation", "编入党支部和党小组", 17, 0, 0, None, None, None, ""),
    (20, "probation", "入党宣誓", 17, 0, 0, None, None, None, ""),
    (21, "probation", "继续教育考察", 15, 0, 0, None, None, None, "预备期一年"),
    (22, "probation", "提出转正申请", 15, 12, 0, None, None, None, "预备期满（党章第七条）"),
    (23, "probation", "支部大会讨论", 22, 0, 0, 1, None, 5, "地方做法：一个月内；转正公示"),
    (24, "probation", "上级党委审批", 23, 0, 0, 3, None, None, "三个月内审批"),
    (25, "probation", "材料归档", 24, 0, 0, None, None, None, ""),
]


def seed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    RuleSet = apps.get_model("partylife", "RuleSet")
    MeetingRule = apps.get_model("partylife", "MeetingRule")
    PipelineStep = apps.get_model("partylife", "PipelineStep")
    Region.objects.get_or_create(code="140000", defaults={"name": "山西省", "level": "province"})
    ruleset = RuleSet.objects.create(
        region_id="140000", name="支部工作条例（2018）与发展党员工作细则（2014）", version=1,
        effective_from=datetime.date(2014, 6, 10))
    MeetingRule.objects.bulk_create([
        MeetingRule(ruleset=ruleset, kind=kind, cadence=cadence, required_count=count,
                    party_org_kinds=kinds, needs_branch_committee=committee,
                    quorum_more_than_percent=quorum, basis=basis)
        for kind, cadence, count, kinds, committee, quorum, basis in MEETINGS])
    PipelineStep.objects.bulk_create([
        PipelineStep(ruleset=ruleset, number=n, stage=stage, name=name, after_step=after,
                     min_months=min_m, min_days=min_d, max_months=max_m, max_days=max_d,
                     publicity_workdays=publicity, basis=basis)
        for n, stage, name, after, min_m, min_d, max_m, max_d, publicity, basis in STEPS])


def unseed(apps, schema_editor):
    apps.get_model("partylife", "RuleSet").objects.filter(region_id="140000", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("partylife", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
