"""Workspace CreateOrder through the official huaweicloudsdkworkspace client."""

import re

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkworkspace.v2 import (
    AddVolumes,
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
