"""The demo county and the scale data sets, built deterministically from a seed."""

import datetime
import decimal
import random

from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone
from faker import Faker

from liangxin.assessment import demo as assessment_demo
from liangxin.core.models import Policy, Region, RegionLevel, Role, User
from liangxin.core.validators import USCC_CHARS, make_credit_code
from liangxin.demo.names import (
    ENTERPRISE_TRADES,
    PLACE_WORDS,
    RETIRED_POSTS,
    SHANXI_CITIES,
    SOCIAL_TRADES,
    TODAY,
    UNITS,
    XINZHOU_COUNTIES,
    YOUNG_POSTS,
)
from liangxin.demo.visits import VisitsMixin
from liangxin.duties import demo as duties_demo
from liangxin.facts.refresh import refresh as facts_refresh
from liangxin.handbook import demo as handbook_demo
from liangxin.inspections import demo as inspections_demo
from liangxin.orgs.models import (
    CommitteeKind,
    Organization,
    OrgKind,
    OrgStatus,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)
from liangxin.partylife import demo as partylife_demo
from liangxin.roster.models import (
    Assignment,
    DispatchingUnit,
    Gender,
    Instructor,
    InstructorSource,
)

DEMO_PASSWORD = "liangxin-demo"

#: each area's `build_demo(*, builder, region)`, run after the demo county's visits exist;
#: they use the shared context the builder carries: `builder.rng` / `builder.fake`
#: (deterministic), `builder.today`, and nothing else of this package.
DEMO_EXTENSIONS = [
    handbook_demo.build_demo,
    duties_demo.build_demo,
    partylife_demo.build_demo,
    inspections_demo.build_demo,
    assessment_demo.build_demo,
]

# name: (counties, organizations per county, instructors per county)
SCALES = {
    "county": (1, None, None),
    "city": (10, 200, 22),
    "province": (117, 861, 87),
}


class DemoBuilder(VisitsMixin):
    def __init__(self, *, seed: int, stdout=None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.stdout = stdout
        self.today = TODAY  # the demo's "today": data is dated relative to it
        self.password = make_password(
            DEMO_PASSWORD
        )  # hashed once: argon2 is slow by design
        self.codes: set[str] = set(
            Organization.objects.values_list("credit_code", flat=True)
        )
        self.counts = {
            "counties": 0,
            "organizations": 0,
            "instructors": 0,
            "assignments": 0,
            "users": 0,
        }

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    def demo_exists(self) -> bool:
        return PartyCommittee.objects.filter(region_id="140931").exists()

    # --- regions -------------------------------------------------------------------------
    def _region(self, code, name, level, parent=None):
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent}
        )
        return region

    def build(self, scale: str) -> dict:
        province = self._region("140000", "山西省", RegionLevel.PROVINCE)
        cities = {
            code: self._region(code, name, RegionLevel.CITY, province)
            for code, name in SHANXI_CITIES
        }
        baode = self._region("140931", "保德县", RegionLevel.COUNTY, cities["140900"])
        if not self.demo_exists():
            with transaction.atomic():
                self.build_demo_county(baode)
                self.refresh_facts(baode)
        n_counties, n_orgs, n_instructors = SCALES[scale]
        if n_counties > 1:
            self.build_counties(
                self._extra_counties(n_counties - 1, cities),
                n_orgs=n_orgs,
                n_instructors=n_instructors,
            )
        return self.counts

    def refresh_facts(self, region, months: int = 6):
        """The fact tables of the county for the months the cockpit charts (its heatmap): the
        demo's last `months`, and any month since up to the real today (a demo built in the
        month after its data still shows that month from the facts, not a live fallback)."""
        first = self.today.replace(day=1)
        wanted = []
        for _ in range(months):
            wanted.append((first.year, first.month))
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        month = self.today.replace(day=1)
        now = timezone.localdate()
        while (month.year, month.month) < (now.year, now.month) and len(wanted) < 24:
            month = (month + datetime.timedelta(days=32)).replace(day=1)
            wanted.append((month.year, month.month))
        # the committees' rows too: the demo's committee staff read theirs from the start
        facts_refresh(region.code, sorted(wanted), self.today, committees=True)

    def build_counties(self, regions, *, n_orgs, n_instructors):
        """One transaction per county: memory stays flat, and a seed interrupted half-way
        goes on where it stopped (a county is either all there or absent). Each county
        comes from its own seed, so the data is the same whether built in one run or
        resumed after an interruption."""
        for region in regions:
            if PartyCommittee.objects.filter(region=region).exists():
                continue
            self.rng.seed(f"{self.seed}:{region.code}")
            self.fake.seed_instance(f"{self.seed}:{region.code}")
            with transaction.atomic():
                self.build_county(region, n_orgs=n_orgs, n_instructors=n_instructors)
            self._assignments = []
            reset_queries()  # with DEBUG on, Django keeps every statement (MBs each)
            self.say(f"{region.name}：完成")

    def _extra_counties(self, n, cities):
        regions = [
            self._region(code, name, RegionLevel.COUNTY, cities["140900"])
            for code, name in XINZHOU_COUNTIES[:n]
        ]
        city_codes = [c for c, _ in SHANXI_CITIES if c != "140900"]
        i = 0
        while len(regions) < n:
            city = cities[city_codes[i % len(city_codes)]]
            number = 21 + i // len(city_codes)
            code = city.code[:4] + f"{number:02d}"
            regions.append(
                self._region(
                    code, f"{city.name[:-1]}第{number - 20}县", RegionLevel.COUNTY, city
                )
            )
            i += 1
        return regions

    # --- the demo county, with accounts ----------------------------------------------------
    def build_demo_county(self, region):
        self.say("正在生成保德县演示数据…")
        Policy.objects.get_or_create(region=region, year=TODAY.year)
        committees, units, instructors, orgs = self.build_county(
            region, n_orgs=200, n_instructors=22, demo=True
        )
        users = [
            User(
                username="county",
                display_name="县委社会工作部",
                role=Role.COUNTY_ADMIN,
                region=region,
                is_staff=True,  # the 后台: policy, work calendar, login lockouts
            ),
            User(
                username="nonpublic",
                display_name="非公经济组织党委",
                role=Role.COMMITTEE_STAFF,
                committee=committees[CommitteeKind.NONPUBLIC],
                region=region,
            ),
            User(
                username="social",
                display_name="社会组织党委",
                role=Role.COMMITTEE_STAFF,
                committee=committees[CommitteeKind.SOCIAL],
                region=region,
            ),
            User(
                username="auditor",
                display_name="县纪委监委派驻纪检组",
                role=Role.AUDITOR,
                region=region,
            ),
        ]
        for i, unit in enumerate(units, start=1):
            users.append(
                User(
                    username=f"unit{i:02d}",
                    display_name=f"{unit.name}联络人",
                    role=Role.UNIT_LIAISON,
                    unit=unit,
                    region=region,
                )
            )
        contact_orgs = [o for o in orgs if o.party_organization_id]
        for i, org in enumerate(contact_orgs, start=1):
            users.append(
                User(
                    username=f"contact{i:03d}",
                    display_name=f"{org.name[:12]}联络员",
                    role=Role.ORG_CONTACT,
                    organization=org,
                    region=region,
                )
            )
        instructor_users = []
        for i, ins in enumerate(instructors, start=1):
            instructor_users.append(
                User(
                    username=f"instructor{i:02d}",
                    display_name=ins.name,
                    role=Role.INSTRUCTOR,
                    region=region,
                )
            )
        for u in users + instructor_users:
            u.password = self.password
        User.objects.bulk_create(users + instructor_users)
        created = {
            u.username: u
            for u in User.objects.filter(
                username__in=[u.username for u in instructor_users]
            )
        }
        for i, ins in enumerate(instructors, start=1):
            ins.user = created[f"instructor{i:02d}"]
        Instructor.objects.bulk_update(instructors, ["user"])
        if not User.objects.filter(username="admin").exists():
            admin = User(
                username="admin",
                display_name="系统管理员",
                is_superuser=True,
                is_staff=True,
                region=region,
            )
            admin.password = self.password
            admin.save()
            self.counts["users"] += 1
        self.counts["users"] += len(users) + len(instructor_users)
        contacts = {
            u.organization_id: u
            for u in User.objects.filter(
                role=Role.ORG_CONTACT, organization__region=region
            )
        }
        self.build_visits(region, self._assignments, contacts=contacts)
        for build_demo in DEMO_EXTENSIONS:  # each area adds its year of activity
            build_demo(builder=self, region=region)

    # --- any county ---------------------------------------------------------------------
    def build_county(self, region, *, n_orgs, n_instructors, demo=False):
        rng, fake = self.rng, self.fake
        county = region.name
        committees = {
            kind: PartyCommittee.objects.create(
                region=region, kind=kind, name=f"中共{county}{label}委员会"
            )
            for kind, label in [
                (CommitteeKind.NONPUBLIC, "非公有制经济组织"),
                (CommitteeKind.SOCIAL, "社会组织"),
            ]
        }
        short = county[:-1] if county.endswith(("县", "区", "市")) else county
        units = DispatchingUnit.objects.bulk_create(
            [
                DispatchingUnit(
                    region=region,
                    name=name.replace("县", short, 1)
                    if not demo
                    else name.replace("县", "保德县", 1),
                    contact_person=fake.name(),
                )
                for name in UNITS[: max(8, min(len(UNITS), n_instructors - 6))]
            ]
        )
        instructors = []
        n_social = max(1, round(n_instructors * 0.32))
        for i in range(n_instructors):
            retired = i % 2 == 0 if i < n_instructors - 2 else False
            gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
            name = fake.name_male() if gender == Gender.MALE else fake.name_female()
            birth_year = rng.randint(1958, 1966) if retired else rng.randint(1985, 1996)
            ins = Instructor(
                region=region,
                unit=units[i % len(units)],
                name=name,
                gender=gender,
                committee=committees[
                    CommitteeKind.SOCIAL if i < n_social else CommitteeKind.NONPUBLIC
                ],
                birth_date=datetime.date(
                    birth_year, rng.randint(1, 12), rng.randint(1, 28)
                ),
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                party_since=datetime.date(
                    birth_year + rng.randint(20, 30), rng.randint(1, 12), 1
                ),
                source=InstructorSource.RETIRED_LEADER
                if retired
                else InstructorSource.YOUNG_CADRE,
                post=rng.choice(RETIRED_POSTS if retired else YOUNG_POSTS),
                appointed_on=datetime.date(2024, 3, 1)
                if demo
                else datetime.date(2025, 3, 1),
            )
            ins.refresh_search_text()
            instructors.append(ins)
        instructors = Instructor.objects.bulk_create(instructors, batch_size=2000)

        orgs, party_orgs = self._organizations(region, committees, n_orgs, short)
        # Assign: every organization but the newest few gets an instructor of its committee.
        by_committee = {
            k: [i for i in instructors if i.committee_id == c.pk]
            for k, c in committees.items()
        }
        assignments = []
        ordered = sorted(orgs, key=lambda o: o.registered_on)
        uncovered = set(id(o) for o in ordered[-max(3, len(orgs) // 25) :])
        counters = {k: 0 for k in committees}
        for org in ordered:
            if id(org) in uncovered or org.status != OrgStatus.ACTIVE:
                continue
            kind = (
                CommitteeKind.SOCIAL
                if org.kind == OrgKind.SOCIAL
                else CommitteeKind.NONPUBLIC
            )
            pool = by_committee[kind]
            ins = pool[counters[kind] % len(pool)]
            counters[kind] += 1
            assignments.append(
                Assignment(
                    region=region,
                    committee=committees[kind],
                    instructor=ins,
                    organization=org,
                    started_on=max(org.registered_on, ins.appointed_on),
                )
            )
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
        """A point inside the county. 保德县: within 0.11° of latitude and 0.08° of longitude
        of the middle of its outline (38.88 N, 111.13 E; the county seat, 39.02 N 111.09 E,
        lies on the Yellow River at its north-west edge, so points around it fell half
        outside the map's outline). Other counties are placed on a grid across 山西."""
        if region.code == "140931":
            centre, spread = (38.88, 111.13), (0.11, 0.08)
        else:
            n = int(region.code[2:4]) * 100 + int(region.code[4:])
            centre = (35.7 + (n % 37) * 0.1, 110.8 + (n % 23) * 0.12)
            spread = (0.13, 0.13)
        value = centre[axis] + self.rng.uniform(-spread[axis], spread[axis])
        return decimal.Decimal(f"{value:.6f}")

    def _credit_code(self, prefix2, region_code):
        while True:
            body = "".join(
                self.rng.choice(USCC_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY")
                for _ in range(8)
            )
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
                name = (
                    f"{short}{word}{suffix}"
                    if rng.random() < 0.6
                    else f"{short}{suffix}"
                )
                if name in names:
                    name = f"{short}{word}{suffix}"
            else:
                suffix, industry, scale_p = rng.choice(ENTERPRISE_TRADES)
                name = f"{short}{word}{suffix}"
            if name in names:
                name = (
                    f"{short}{word}{fake.last_name()}{suffix}"
                    if not social
                    else name + "（二部）"
                )
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
                flags = {
                    "is_above_scale": above,
                    "is_key": above and rng.random() < 0.5,
                }
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
            registered = fake.date_between(
                datetime.date(2005, 1, 1), datetime.date(2026, 10, 31)
            )
            org = Organization(
                region=region,
                name=name,
                kind=kind,
                industry=industry,
                committee=committees[
                    CommitteeKind.SOCIAL if social else CommitteeKind.NONPUBLIC
                ],
                credit_code=self._credit_code(code_prefix[:2], region.code),
                employees=employees,
                legal_person=fake.name(),
                address=f"{region.parent.parent.name}{region.parent.name}{region.name}"
                f"{fake.street_name()}{rng.randint(1, 300)}号",
                registered_on=registered,
                formal_members=formal,
                latitude=self._coordinate(region, 0),
                longitude=self._coordinate(region, 1),
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
                kind = (
                    PartyOrgKind.GENERAL_BRANCH
                    if total > 50 and rng.random() < 0.7
                    else PartyOrgKind.BRANCH
                )
                started = TODAY - datetime.timedelta(
                    days=rng.randint(30, 3 * 365 + 200)
                )
                pos.append(
                    PartyOrganization(
                        region=region,
                        committee=committee,
                        kind=kind,
                        name=f"中共{org.name}{'总支部委员会' if kind == PartyOrgKind.GENERAL_BRANCH else '支部委员会'}",
                        secretary=self.fake.name(),
                        formal_members=org.formal_members,
                        probationary_members=org.probationary_members,
                        has_branch_committee=org.formal_members >= 7
                        and rng.random() < 0.9,
                        # founded after registering, and by the current term's start
                        founded_on=min(
                            org.registered_on
                            + datetime.timedelta(days=rng.randint(90, 900)),
                            started,
                        ),
                        term_started_on=started,
                        term_years=3,
                    )
                )
                links.append((org, len(pos) - 1))
            elif 1 <= org.formal_members <= 2:
                joint_pool.setdefault(org.committee_id, []).append(org)
        for members in joint_pool.values():
            for start in range(0, len(members) - 2, 5):
                group = members[start : start + 5]
                if len(group) < 2 or rng.random() < 0.3:
                    continue
                formal = sum(o.formal_members for o in group)
                pos.append(
                    PartyOrganization(
                        region=region,
                        committee=group[0].committee,
                        kind=PartyOrgKind.JOINT_BRANCH,
                        name=f"中共{group[0].name[:-4]}等{len(group)}家单位联合支部委员会",
                        secretary=self.fake.name(),
                        formal_members=formal,
                        has_branch_committee=formal >= 7,
                        term_years=3,
                        founded_on=datetime.date(2021, 7, 1),
                        term_started_on=datetime.date(2024, 7, 1),
                    )
                )
                links += [(o, len(pos) - 1) for o in group]
        pos = PartyOrganization.objects.bulk_create(pos, batch_size=2000)
        for org, index in links:
            org.party_organization = pos[index]
        return pos
