def test_county_admin_sees_the_organization_list(world, login):
    client = login(world.users.county)
    response = client.get("/orgs/")
    assert response.status_code == 200
    assert "保德县华鑫煤业有限公司" in response.content.decode()
    assert "河曲县黄河发电有限公司" not in response.content.decode()
