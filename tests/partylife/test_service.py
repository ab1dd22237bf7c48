from liangxin.partylife.models import ServiceActivity, ServiceTheme


def test_the_county_edits_its_list_of_themes(world, login):
    client = login(world.users.county)
    assert client.get("/partylife/themes/").status_code == 200
    response = client.post(
        "/partylife/themes/new/", {"name": "乡村振兴", "active": "on"}
    )
    assert response.status_code == 302
    assert ServiceTheme.objects.get().region_id == world.county.code


def test_others_may_not_edit_themes(world, login):
    assert login(world.users.nonpublic).get("/partylife/themes/new/").status_code == 403
    assert (
        login(world.users.contact)
        .post("/partylife/themes/new/", {"name": "x"})
        .status_code
        == 403
    )


def test_the_contact_records_a_service_activity_with_themes(world, login):
    theme = ServiceTheme.objects.create(region=world.county, name="社会治理")
    client = login(world.users.contact)
    assert client.get("/partylife/service/new/").status_code == 200
    response = client.post(
        "/partylife/service/new/",
        {
            "organization": world.org_a.pk,
            "date": "2026-06-01",
            "title": "社区义诊",
            "participants": 12,
            "beneficiaries": 300,
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    activity = ServiceActivity.objects.get()
    assert list(activity.themes.all()) == [theme]
    body = client.get("/partylife/service/").content.decode()
    assert "社区义诊" in body and "社会治理" in body


def test_service_activities_are_scoped(world, login):
    activity = ServiceActivity.objects.create(
        region=world.county,
        organization=world.org_a,
        date="2026-06-01",
        title="社区义诊",
    )
    assert (
        "社区义诊"
        not in login(world.users.social).get("/partylife/service/").content.decode()
    )
    assert (
        ServiceActivity.objects.visible_to(world.users.instructor)
        .filter(pk=activity.pk)
        .exists()
    )


def test_the_county_may_not_record_service_activities(world, login):
    assert login(world.users.county).get("/partylife/service/new/").status_code == 403


def test_the_county_retires_a_theme_and_other_counties_cannot(world, login):
    theme = ServiceTheme.objects.create(region=world.county, name="党史学习教育")
    client = login(world.users.county)
    response = client.post(
        f"/partylife/themes/{theme.pk}/edit/",
        {"name": "党史学习教育", "version": theme.version},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert not theme.active
    assert (
        login(world.users.far_county)
        .get(f"/partylife/themes/{theme.pk}/edit/")
        .status_code
        == 404
    )
