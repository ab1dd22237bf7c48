"""The demo county and the scale data sets, built deterministically from a seed."""

import calendar
import datetime
import decimal
import random
from importlib import import_module
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from faker import Faker

from liangxin.core.models import Policy, Region, RegionLevel, Role, User
from liangxin.core.validators import USCC_CHARS, make_credit_code
from liangxin.orgs.models import (
    CommitteeKind,
    Organization,
    OrgKind,
    OrgStatus,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)
from liangxin.roster.models import (
    Assignment,
    DispatchingUnit,
    Gender,
    Instructor,
    InstructorSource,
)

DEMO_PASSWORD = "liangxin-demo"

#: modules with `build_demo(*, builder, region)`, run after the demo county's visits exist;
#: they use `builder.rng` / `builder.fake` (deterministic) and `TODAY`.
DEMO_EXTENSIONS = [
    "liangxin.handbook.demo",
]
TODAY = datetime.date(2026, 11, 28)

# name: (counties, organizations per county, instructors per county)
SCALES = {
    "county": (1, None, None),
    "city": (10, 200, 22),
    "province": (117, 861, 87),
}

SHANXI_CITIES = [
    ("140100", "太原市"), ("140200", "大同市"), ("140300", "阳泉市"), ("140400", "长治市"),
    ("140500", "晋城市"), ("140600", "朔州市"), ("140700", "晋中市"), ("140800", "运城市"),
    ("140900", "忻州市"), ("141000", "临汾市"), ("141100", "吕梁市"),
]
XINZHOU_COUNTIES = [
    ("140902", "忻府区"), ("140921", "定襄县"), ("140922", "五台县"), ("140923", "代县"),
    ("140924", "繁峙县"), ("140925", "宁武县"), ("140926", "静乐县"), ("140927", "神池县"),
    ("140928", "五寨县"), ("140929", "岢岚县"), ("140930", "河曲县"), ("140932", "偏关县"),
    ("140981", "原平市"),
]

UNITS = [
    "县委办公室", "县人大常委会办公室", "县政府办公室", "县政协办公室", "县纪委监委",
    "县委组织部", "县委宣传部", "县委统战部", "县委政法委", "县发展和改革局", "县工业和信息化局",
    "县商务局", "县财政局", "县人力资源和社会保障局", "县民政局", "县市场监督管理局",
    "县住房和城乡建设局", "县交通运输局", "县能源局", "县总工会",
]
RETIRED_POSTS = ["原党组书记、局长", "原党委副书记", "原副主任", "原主任科员（原党组书记）",
                 "原常务副部长", "原党组副书记"]
YOUNG_POSTS = ["办公室主任", "综合股股长", "组织干事", "党建办副主任", "四级主任科员", "一级科员"]

PLACE_WORDS = [
    "华鑫", "兴隆", "鑫源", "天桥", "黄河", "康家滩", "东关", "义门", "冯家川", "桥头", "杨家湾",
    "腰庄", "南河沟", "孙家沟", "林遮峪", "窑洼", "韩家川", "土崖塔", "王家滩", "铁匠铺", "裕丰",
    "恒泰", "金达", "瑞通", "宏远", "晋保", "德馨", "永盛", "汇通", "盛源", "晋北", "河畔",
]
ENTERPRISE_TRADES = [
    ("煤业有限公司", "煤炭开采", 0.5), ("洗煤有限公司", "煤炭洗选", 0.3),
    ("发电有限公司", "电力生产", 0.6), ("新型建材有限公司", "建材", 0.3),
    ("水泥有限公司", "建材", 0.4), ("物流运输有限公司", "交通运输", 0.1),
    ("商贸有限公司", "批发零售", 0.0), ("农业科技有限公司", "农业", 0.0),
    ("海红果食品有限公司", "食品加工", 0.1), ("建筑工程有限公司", "建筑业", 0.1),
    ("房地产开发有限公司", "房地产", 0.0), ("酒店管理有限公司", "住宿餐饮", 0.0),
    ("医药连锁有限公司", "医药零售", 0.0), ("新能源科技有限公司", "新能源", 0.3),
    ("机械制造有限公司", "装备制造", 0.3), ("电子商务有限公司", "电子商务", 0.0),
]
SOCIAL_TRADES = [
    ("煤炭行业协会", "行业协会", "51", True), ("个体劳动者协会", "行业协会", "51", True),
    ("商会", "商会", "51", True), ("物流协会", "行业协会", "51", False),
    ("民办学校", "民办教育", "52", True), ("幼儿园", "学前教育", "52", True),
    ("职业培训学校", "职业培训", "52", True), ("社会工作服务中心", "社会服务", "52", True),
    ("志愿者协会", "公益服务", "51", False), ("老年人协会", "社会服务", "51", False),
    ("书法家协会", "文化艺术", "51", False), ("红枣协会", "农业服务", "51", False),
]


class DemoBuilder:
    def __init__(self, *, seed: int, stdout=None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.stdout = stdout
        self.password = make_password(DEMO_PASSWORD)  # hashed once: argon2 is slow by design
        self.codes: set[str] = set(Organization.objects.values_list("credit_code", flat=True))
        self.counts = {"counties": 0, "organizations": 0, "instructors": 0, "assignments": 0,
                       "users": 0}

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    def demo_exists(self) -> bool:
        return PartyCommittee.objects.filter(region_id="140931").exists()

    # --- regions -------------------------------------------------------------------------
    def _region(self, code, name, level, parent=None):
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent})
        return region

    def build(self, scale: str) -> dict:
        province = self._region("140000", "山西省", RegionLevel.PROVINCE)
        cities = {code: self._region(code, name, RegionLevel.CITY, province)
                  for code, name in SHANXI_CITIES}
        baode = self._region("140931", "保德县", RegionLevel.COUNTY, cities["140900"])
        if not self.demo_exists():
            self.build_demo_county(baode)
        n_counties, n_orgs, n_instructors = SCALES[scale]
        if n_counties > 1:
            for region in self._extra_counties(n_counties - 1, cities):
                if not PartyCommittee.objects.filter(region=region).exists():
                    self.build_county(region, n_orgs=n_orgs, n_instructors=n_instructors)
        return self.counts

    def _extra_counties(self, n, cities):
        regions = [self._region(code, name, RegionLevel.COUNTY, cities["140900"])
                   for code, name in XINZHOU_COUNTIES[:n]]
        city_codes = [c for c, _ in SHANXI_CITIES if c != "140900"]
        i = 0
        while len(regions) < n:
            city = cities[city_codes[i % len(city_codes)]]
            number = 21 + i // len(city_codes)
            code = city.code[:4] + f"{number:02d}"
            regions.append(self._region(code, f"{city.name[:-1]}第{number - 20}县",
                                        RegionLevel.COUNTY, city))
            i += 1
        return regions

    # --- the demo county, with accounts ----------------------------------------------------
    def build_demo_county(self, region):
        self.say("正在生成保德县演示数据…")
        Policy.objects.get_or_create(region=region, year=TODAY.year)
        committees, units, instructors, orgs = self.build_county(
            region, n_orgs=200, n_instructors=22, demo=True)
        users = [
            User(username="county", display_name="县委社会工作部", role=Role.COUNTY_ADMIN,
                 region=region),
            User(username="nonpublic", display_name="非公经济组织党委",
                 role=Role.COMMITTEE_STAFF, committee=committees[CommitteeKind.NONPUBLIC],
                 region=region),
            User(username="social", display_name="社会组织党委", role=Role.COMMITTEE_STAFF,
                 committee=committees[CommitteeKind.SOCIAL], region=region),
            User(username="auditor", display_name="县纪委监委派驻纪检组", role=Role.AUDITOR,
                 region=region),
        ]
        for i, unit in enumerate(units, start=1):
            users.append(User(username=f"unit{i:02d}", display_name=f"{unit.name}联络人",
                              role=Role.UNIT_LIAISON, unit=unit, region=region))
        contact_orgs = [o for o in orgs if o.party_organization_id]
        for i, org in enumerate(contact_orgs, start=1):
            users.append(User(username=f"contact{i:03d}", display_name=f"{org.name[:12]}联络员",
                              role=Role.ORG_CONTACT, organization=org, region=region))
        instructor_users = []
        for i, ins in enumerate(instructors, start=1):
            instructor_users.append(User(username=f"instructor{i:02d}", display_name=ins.name,
                                         role=Role.INSTRUCTOR, region=region))
        for u in users + instructor_users:
            u.password = self.password
        User.objects.bulk_create(users + instructor_users)
        created = {u.username: u for u in User.objects.filter(
            username__in=[u.username for u in instructor_users])}
        for i, ins in enumerate(instructors, start=1):
            ins.user = created[f"instructor{i:02d}"]
        Instructor.objects.bulk_update(instructors, ["user"])
        if not User.objects.filter(username="admin").exists():
            admin = User(username="admin", display_name="系统管理员", is_superuser=True,
                         is_staff=True, region=region)
            admin.password = self.password
            admin.save()
            self.counts["users"] += 1
        self.counts["users"] += len(users) + len(instructor_users)
        contacts = {u.organization_id: u for u in User.objects.filter(
            role=Role.ORG_CONTACT, organization__region=region)}
        self.build_visits(region, self._assignments, contacts=contacts)
        for module in DEMO_EXTENSIONS:  # each area adds its year of activity
            import_module(module).build_demo(builder=self, region=region)

    # --- any county ---------------------------------------------------------------------
    def build_county(self, region, *, n_orgs, n_instructors, demo=False):
        rng, fake = self.rng, self.fake
        county = region.name
        committees = {
            kind: PartyCommittee.objects.create(
                region=region, kind=kind, name=f"中共{county}{label}委员会")
            for kind, label in [(CommitteeKind.NONPUBLIC, "非公有制经济组织"),
                                (CommitteeKind.SOCIAL, "社会组织")]
        }
        short = county[:-1] if county.endswith(("县", "区", "市")) else county
        units = DispatchingUnit.objects.bulk_create([
            DispatchingUnit(region=region, name=name.replace("县", short, 1) if not demo else
                            name.replace("县", "保德县", 1),
                            contact_person=fake.name())
            for name in UNITS[: max(8, min(len(UNITS), n_instructors - 6))]
        ])
        instructors = []
        n_social = max(1, round(n_instructors * 0.32))
        for i in range(n_instructors):
            retired = i % 2 == 0 if i < n_instructors - 2 else False
            gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
            name = fake.name_male() if gender == Gender.MALE else fake.name_female()
            birth_year = rng.randint(1958, 1966) if retired else rng.randint(1985, 1996)
            ins = Instructor(
                region=region, unit=units[i % len(units)], name=name, gender=gender,
                committee=committees[CommitteeKind.SOCIAL if i < n_social else CommitteeKind.NONPUBLIC],
                birth_date=datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                party_since=datetime.date(birth_year + rng.randint(20, 30), rng.randint(1, 12), 1),
                source=InstructorSource.RETIRED_LEADER if retired else InstructorSource.YOUNG_CADRE,
                post=rng.choice(RETIRED_POSTS if retired else YOUNG_POSTS),
                appointed_on=datetime.date(2024, 3, 1) if demo else datetime.date(2025, 3, 1),
            )
            ins.refresh_search_text()
            instructors.append(ins)
        instructors = Instructor.objects.bulk_create(instructors, batch_size=2000)

        orgs, party_orgs = self._organizations(region, committees, n_orgs, short)
        # Assign: every organization but the newest few gets an instructor of its committee.
        by_committee = {k: [i for i in instructors if i.committee_id == c.pk]
                        for k, c in committees.items()}
        assignments = []
        ordered = sorted(orgs, key=lambda o: o.registered_on)
        uncovered = set(id(o) for o in ordered[-max(3, len(orgs) // 25):])
        counters = {k: 0 for k in committees}
        for org in ordered:
            if id(org) in uncovered or org.status != OrgStatus.ACTIVE:
                continue
            kind = CommitteeKind.SOCIAL if org.kind == OrgKind.SOCIAL else CommitteeKind.NONPUBLIC
            pool = by_committee[kind]
            ins = pool[counters[kind] % len(pool)]
            counters[kind] += 1
            assignments.append(Assignment(
                region=region, committee=committees[kind], instructor=ins, organization=org,
                started_on=max(org.registered_on, ins.appointed_on)))
        Assignment.objects.bulk_create(assignments, batch_size=2000)
        if not demo:  # the demo county gets its visits once its contacts exist
            self.build_visits(region, assignments, contacts={})
        self.counts["counties"] += 1
        self.counts["organizations"] += len(orgs)
        self.counts["instructors"] += len(instructors)
        self.counts["assignments"] += len(assignments)
        self._assignments = assignments
        return committees, units, instructors, orgs

    def _coordinate(self, region, axis: int):
        """A point within ~15 km of the county seat (保德县 at 39.0225 N, 111.0858 E; other
        counties are placed on a grid across 山西)."""
        if region.code == "140931":
            centre = (39.0225, 111.0858)
        else:
            n = int(region.code[2:4]) * 100 + int(region.code[4:])
            centre = (35.7 + (n % 37) * 0.1, 110.8 + (n % 23) * 0.12)
        value = centre[axis] + self.rng.uniform(-0.13, 0.13)
        return decimal.Decimal(f"{value:.6f}")

    def _credit_code(self, prefix2, region_code):
        while True:
            body = "".join(self.rng.choice(USCC_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY")
                           for _ in range(8))
            code = make_credit_code(prefix2, region_code, body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _organizations(self, region, committees, n_orgs, short):
        rng, fake = self.rng, self.fake
        names: set[str] = set()
        orgs: list[Organization] = []
        n_social = round(n_orgs * 0.25)
        while len(orgs) < n_orgs:
            social = len(orgs) < n_social
            word = rng.choice(PLACE_WORDS)
            if social:
                suffix, industry, prefix, entity = rng.choice(SOCIAL_TRADES)
                name = f"{short}{word}{suffix}" if rng.random() < 0.6 else f"{short}{suffix}"
                if name in names:
                    name = f"{short}{word}{suffix}"
            else:
                suffix, industry, scale_p = rng.choice(ENTERPRISE_TRADES)
                name = f"{short}{word}{suffix}"
            if name in names:
                name = f"{short}{word}{fake.last_name()}{suffix}" if not social else name + "（二部）"
            if name in names:
                continue
            names.add(name)
            if social:
                employees = rng.randint(5, 80)
                flags = {"is_entity_social": entity and employees >= 15}
                kind, code_prefix = OrgKind.SOCIAL, prefix
            else:
                above = rng.random() < scale_p
                employees = rng.randint(150, 1500) if above else rng.randint(5, 140)
                flags = {"is_above_scale": above, "is_key": above and rng.random() < 0.5}
                kind, code_prefix = OrgKind.ENTERPRISE, "91"
            roll = rng.random()
            if employees > 800:
                formal = rng.randint(40, 90)
            elif roll < 0.35:
                formal = 0
            elif roll < 0.6:
                formal = rng.randint(1, 2)
            else:
                formal = rng.randint(3, min(30, max(3, employees // 8)))
            registered = fake.date_between(datetime.date(2005, 1, 1), datetime.date(2026, 10, 31))
            org = Organization(
                region=region, name=name, kind=kind, industry=industry,
                committee=committees[CommitteeKind.SOCIAL if social else CommitteeKind.NONPUBLIC],
                credit_code=self._credit_code(code_prefix[:2], region.code),
                employees=employees, legal_person=fake.name(),
                address=f"{region.parent.parent.name}{region.parent.name}{region.name}"
                        f"{fake.street_name()}{rng.randint(1, 300)}号",
                registered_on=registered, formal_members=formal,
                latitude=self._coordinate(region, 0), longitude=self._coordinate(region, 1),
                probationary_members=rng.randint(0, 2) if formal >= 3 else 0,
                status=OrgStatus.ACTIVE if rng.random() > 0.02 else OrgStatus.SUSPENDED,
                **flags,
            )
            org.refresh_search_text()
            orgs.append(org)
        party_orgs = self._party_organizations(region, committees, orgs)
        Organization.objects.bulk_create(orgs, batch_size=2000)
        return orgs, party_orgs

    def _party_organizations(self, region, committees, orgs):
        """Own branches for most orgs with ≥3 members, joint branches for small ones."""
        rng = self.rng
        pos: list[PartyOrganization] = []
        links: list[tuple[Organization, int]] = []
        joint_pool: dict[str, list[Organization]] = {}
        for org in orgs:
            committee = org.committee
            if org.formal_members >= 3 and rng.random() < 0.88:
                total = org.formal_members + org.probationary_members
                kind = PartyOrgKind.GENERAL_BRANCH if total > 50 and rng.random() < 0.7 \
                    else PartyOrgKind.BRANCH
                started = TODAY - datetime.timedelta(days=rng.randint(30, 3 * 365 + 200))
                pos.append(PartyOrganization(
                    region=region, committee=committee, kind=kind,
                    name=f"中共{org.name}{'总支部委员会' if kind == PartyOrgKind.GENERAL_BRANCH else '支部委员会'}",
                    secretary=self.fake.name(), formal_members=org.formal_members,
                    probationary_members=org.probationary_members,
                    has_branch_committee=org.formal_members >= 7 and rng.random() < 0.9,
                    founded_on=org.registered_on + datetime.timedelta(days=rng.randint(90, 900)),
                    term_started_on=started, term_years=3))
                links.append((org, len(pos) - 1))
            elif 1 <= org.formal_members <= 2:
                joint_pool.setdefault(org.committee_id, []).append(org)
        for members in joint_pool.values():
            for start in range(0, len(members) - 2, 5):
                group = members[start:start + 5]
                if len(group) < 2 or rng.random() < 0.3:
                    continue
                formal = sum(o.formal_members for o in group)
                pos.append(PartyOrganization(
                    region=region, committee=group[0].committee, kind=PartyOrgKind.JOINT_BRANCH,
                    name=f"中共{group[0].name[:-4]}等{len(group)}家单位联合支部委员会",
                    secretary=self.fake.name(), formal_members=formal,
                    has_branch_committee=formal >= 7, term_years=3,
                    founded_on=datetime.date(2021, 7, 1), term_started_on=datetime.date(2024, 7, 1)))
                links += [(o, len(pos) - 1) for o in group]
        pos = PartyOrganization.objects.bulk_create(pos, batch_size=2000)
        for org, index in links:
            org.party_organization = pos[index]
        return pos

    # --- a year of visits ---------------------------------------------------------------
    def build_visits(self, region, assignments, *, contacts: dict):
        """Twelve months of visits: most instructors 5–8 days a month across their
        organizations, a few short in some months; recent ones unconfirmed, a few disputed,
        a few checked in far from the organization (marked for review)."""
        from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
        from liangxin.fieldwork.services import haversine_m

        rng = self.rng
        shanghai = ZoneInfo("Asia/Shanghai")
        by_instructor: dict[int, list[Assignment]] = {}
        for a in assignments:
            by_instructor.setdefault(a.instructor_id, []).append(a)
        activities = list(Activity.values)
        visits = []
        for index, (_, posts) in enumerate(sorted(by_instructor.items())):
            weak = index % 9 == 4  # about two in a county fall short now and then
            for months_back in range(11, -1, -1):
                year, month = TODAY.year, TODAY.month - months_back
                while month < 1:
                    year, month = year - 1, month + 12
                last = TODAY.day if (year, month) == (TODAY.year, TODAY.month) else \
                    calendar.monthrange(year, month)[1]
                days = [datetime.date(year, month, d) for d in range(1, last + 1)]
                workdays = [d for d in days if d.weekday() < 5] or days
                target = rng.randint(2, 4) if weak and rng.random() < 0.4 else rng.randint(5, 8)
                if (year, month) == (TODAY.year, TODAY.month):
                    target = max(1, target * last // 30)
                chosen = sorted(set(rng.sample(workdays, min(target, len(workdays)))))
                if rng.random() < 0.3:  # a weekend visit now and then
                    chosen = sorted(set(chosen) | {rng.choice(days)})
                for date in chosen:
                    for post in rng.sample(posts, 2 if len(posts) > 1 and rng.random() < 0.2 else 1):
                        if post.started_on > date:
                            continue
                        visits.append(self._visit(region, post, date, rng, shanghai, activities,
                                                  contacts, Visit, VisitStatus, RecordedVia,
                                                  haversine_m))
        Visit.objects.bulk_create(visits, batch_size=5000)
        self.counts["visits"] = self.counts.get("visits", 0) + len(visits)

    @staticmethod
    def _summary(rng, org_name):
        return rng.choice([
            f"到{org_name}了解党员思想动态，与企业负责人座谈。",
            "指导支部规范“三会一课”记录，检查党员活动室建设。",
            "参加主题党日活动，宣讲最新政策。",
            "走访职工，收集生产生活中的困难和诉求。",
            "帮助梳理入党积极分子培养计划。",
            "调研企业用工和安全生产情况。",
        ])

    def _visit(self, region, post, date, rng, tz, activities, contacts, Visit, VisitStatus,
               RecordedVia, haversine_m):
        org = post.organization
        recorded = datetime.datetime(date.year, date.month, date.day, rng.randint(8, 16),
                                     rng.randint(0, 59), tzinfo=tz)
        late = rng.random() < 0.12
        if late:
            recorded += datetime.timedelta(days=rng.randint(1, 3))
        far = rng.random() < 0.03
        offset = rng.uniform(0.008, 0.02) if far else rng.uniform(-0.0006, 0.0006)
        lat = org.latitude + decimal.Decimal(f"{offset:.6f}") if org.latitude is not None else None
        lon = org.longitude + decimal.Decimal(f"{rng.uniform(-0.0006, 0.0006):.6f}") \
            if org.longitude is not None else None
        distance = round(haversine_m(lat, lon, org.latitude, org.longitude)) \
            if lat is not None and lon is not None else None
        age = (TODAY - date).days
        roll = rng.random()
        if age <= 4 or roll < 0.01:
            status = VisitStatus.PENDING
        elif roll < 0.03:
            status = VisitStatus.DISPUTED
        else:
            status = VisitStatus.CONFIRMED
        contact = contacts.get(org.pk)
        decided = status in (VisitStatus.CONFIRMED, VisitStatus.DISPUTED)
        return Visit(
            region=region, instructor_id=post.instructor_id, organization=org, assignment=post,
            date=date, activities=rng.sample(activities[:5], rng.randint(1, 3)),
            summary=self._summary(rng, org.name),
            recorded_via=RecordedVia.LATE_ENTRY if late else RecordedVia.ON_SITE,
            recorded_at=recorded, device="演示数据",
            latitude=None if late else lat, longitude=None if late else lon,
            accuracy=None if late else rng.randint(5, 60),
            distance_m=None if late else distance, needs_review=bool(far and not late),
            status=status, confirmed_by=contact if decided else None,
            confirmed_at=recorded + datetime.timedelta(days=rng.randint(0, 3)) if decided else None,
            dispute_reason="当天未见到指导员到企业。" if status == VisitStatus.DISPUTED else "",
        )
