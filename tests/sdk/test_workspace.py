"""Workspace CreateOrder through the official huaweicloudsdkworkspace client."""

import re

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkworkspace.v2 import (
    AddVolumes,
    ApplyDesktopsInternet,
    ApplySharedVpcDedicatedParam,
    AutoscalePolicy,
    CreateDesktopPoolReq,
    CreateDesktopReq,
    CreateOrderReq,
    CreateOrderRequest,
    Desktop,
    Nic,
    OrderExtendParam,
    Resource,
    Tag,
    Volume,
    VolumeInfo,
    WorkspaceClient,
)

from conftest import DEMO_AK, DEMO_PROJECT, DEMO_SK

ORDER_ID = re.compile(r"^CS\d{10}[A-Z0-9]{5}$")
DEMO_DESKTOP = "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7"


def client(orderd):
    credentials = BasicCredentials(DEMO_AK, DEMO_SK, DEMO_PROJECT)
    return WorkspaceClient.new_builder().with_credentials(credentials).with_endpoints([orderd.endpoint]).build()


def request(order_type, resource, **extra):
    req = CreateOrderRequest()
    req.body = CreateOrderReq(type=order_type, enterprise_project_id="0", resources=[resource], **extra)
    return req


def add_volumes(size=50):
    return request(
        "addVolumes",
        Resource(add_volumes=AddVolumes(desktop_id=DEMO_DESKTOP, volumes=[Volume(type="SAS", size=size)])),
    )


def create_desktops():
    return request(
        "createDesktops",
        Resource(
            period_type=2,
            period_num=1,
            create_desktops=CreateDesktopReq(
                desktops=[Desktop(user_email="test@test.com", user_name="test", user_group="sudo")],
                desktop_type="DEDICATED",
                email_notification=False,
                product_id="workspace.k.xlarge2.uosv20pro",
                image_type="private",
                image_id="e1d65e11-861c-459d-a3a8-ab150d79befc",
                root_volume=Volume(type="SAS", size=80),
                nics=[Nic(subnet_id="197c1aa4-2611-48bd-a3af-ac4ce2c17c4c")],
                tags=[Tag(key="aa", value="bb")],
            ),
        ),
        extend_param=OrderExtendParam(is_auto_pay="false"),
    )


def create_desktop_pool(size=2):
    return request(
        "createDesktopPool",
        Resource(
            period_type=3,
            period_num=1,
            create_desktop_pool=CreateDesktopPoolReq(
                name="pool-1",
                type="DYNAMIC",
                size=size,
                product_id="workspace.pool.x.large2",
                image_type="gold",
                image_id="e1d65e11-861c-459d-a3a8-ab150d79befc",
                root_volume=VolumeInfo(type="SSD", size=80),
                subnet_ids=["197c1aa4-2611-48bd-a3af-ac4ce2c17c4c"],
            ),
        ),
    )


@pytest.mark.parametrize("make", [add_volumes, create_desktops, create_desktop_pool], ids=["addVolumes", "createDesktops", "createDesktopPool"])
def test_the_documented_order_types_return_an_order_id(orderd, make):
    response = client(orderd).create_order(make())
    assert ORDER_ID.match(response.order_id), response.order_id


def test_an_invalid_disk_raises_a_client_error_with_the_workspace_code_and_detail(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(add_volumes(size=55))
    error = raised.value
    assert error.status_code == 400
    assert error.error_code == "WKS.0001"
    assert "resources[0].add_volumes.volumes[0].size: must be a multiple of 10" in error.error_msg
    assert error.request_id, "the SDK reads X-Request-Id"


def test_an_invalid_pool_size_is_refused(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(create_desktop_pool(size=0))
    assert raised.value.error_code == "WKS.0001"
    assert "create_desktop_pool.size" in raised.value.error_msg


def test_a_desktop_that_does_not_exist_is_a_404(orderd):
    req = add_volumes()
    req.body.resources[0].add_volumes.desktop_id = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(req)
    assert raised.value.status_code == 404
    assert raised.value.error_code == "WKS.0404"


def test_the_sdks_shared_vpc_and_hourly_package_fields_are_read(orderd):
    req = create_desktops()
    cd = req.body.resources[0].create_desktops
    cd.hour_package_product_id = "workspace.hour.pkg"
    cd.apply_shared_vpc_dedicated_param = ApplySharedVpcDedicatedParam(address="10.0.0.1", port=8443, availability_zone=["az1"])
    assert ORDER_ID.match(client(orderd).create_order(req).order_id)
    cd.apply_shared_vpc_dedicated_param.port = 80
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(req)
    assert raised.value.status_code == 400
    assert "resources[0].create_desktops.apply_shared_vpc_dedicated_param.port: must be 1025 to 65535, got 80" in raised.value.error_msg


def test_the_sdks_autoscale_policy_is_checked(orderd):
    req = create_desktop_pool()
    pool = req.body.resources[0].create_desktop_pool
    pool.enable_autoscale = True
    pool.autoscale_policy = AutoscalePolicy(autoscale_type="AUTO_CREATED", max_auto_created=10, min_idle=1)
    assert ORDER_ID.match(client(orderd).create_order(req).order_id)
    pool.autoscale_policy.max_auto_created = 5001
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(req)
    assert "create_desktop_pool.autoscale_policy.max_auto_created: must be 1 to 5000, got 5001" in raised.value.error_msg


def test_pool_disks_of_a_type_the_seed_does_not_list_for_pools_are_refused(orderd):
    req = create_desktop_pool()
    req.body.resources[0].create_desktop_pool.root_volume = VolumeInfo(type="GPSSD", size=80)
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(req)
    assert "create_desktop_pool.root_volume.type: must be one of SAS, SSD, got GPSSD" in raised.value.error_msg


def test_an_eip_count_beside_desktop_ids_is_not_refused(orderd):
    req = request(
        "applyDesktopsInternet",
        Resource(
            period_type=2,
            period_num=1,
            apply_desktops_internet=ApplyDesktopsInternet(
                desktop_ids=[DEMO_DESKTOP], eip_type="5_bgp", eip_charge_mode="BANDWIDTH", bandwidth_size=10, count=1
            ),
        ),
    )
    assert ORDER_ID.match(client(orderd).create_order(req).order_id)
