"""Workspace App CreateOrder through the official huaweicloudsdkworkspaceapp client."""

import re

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkworkspaceapp.v1 import (
    AddVolumes,
    CreateOrderReq,
    CreateOrderRequest,
    CreateServices,
    Nic,
    Resource,
    SecurityGroup,
    Volume,
    WorkspaceAppClient,
)

from conftest import DEMO_AK, DEMO_PROJECT, DEMO_SK

ORDER_ID = re.compile(r"^CS\d{10}[A-Z0-9]{5}$")
CLUSTER = "c950ee97-587c-4f24-8a74-3367e3da570f"


def client(orderd):
    credentials = BasicCredentials(DEMO_AK, DEMO_SK, DEMO_PROJECT)
    return WorkspaceAppClient.new_builder().with_credentials(credentials).with_endpoints([orderd.endpoint]).build()


def seed_request(root_size=10, **services):
    """The seed page's example, built from the SDK's models."""
    fields = dict(
        availability_zone="cn-north-5a",
        data_volumes=[Volume(type="SSD", size=10, cluster_id=CLUSTER)],
        nics=[Nic(ip_address="string", subnet_id="197c1aa4-2611-48bd-a3af-ac4ce2c17c4c")],
        ou_name="string",
        product_id="workspacehost.s.large2.p01",
        flavor_id="c3.large.4",
        os_type="Windows",
        root_volume=Volume(type="SSD", size=root_size, cluster_id=CLUSTER),
        server_group_id="1",
        service_type="string",
        subnet_id="197c1aa4-2611-48bd-a3af-ac4ce2c17c4c",
        vpc_id="string",
        security_groups=[SecurityGroup(id="string", name="string")],
        update_access_agent=True,
    )
    fields.update(services)
    resource = Resource(
        add_volumes=AddVolumes(service_id="string", volumes=[Volume(type="SSD", size=10, cluster_id=CLUSTER)]),
        cloud_service_console_url="http://10.*.*.0:8003/v1/{project_id}/bundles/services/create",
        create_services=CreateServices(**fields),
        is_auto_renew=1,
        period_num=3,
        period_type=3,
        subscription_num=3,
    )
    request = CreateOrderRequest()
    request.body = CreateOrderReq(resources=[resource], type="createApps")
    return request


def test_the_seed_example_returns_an_order_id(orderd):
    response = client(orderd).create_order(seed_request())
    assert ORDER_ID.match(response.order_id), response.order_id


def test_a_root_volume_not_in_tens_raises_a_client_error_with_the_wks_code(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(seed_request(root_size=85))
    error = raised.value
    assert error.status_code == 400
    assert error.error_code == "WKS.00211102"
    assert "resources[0].create_services.root_volume.size: must be a multiple of 10, got 85" in error.error_msg
    assert error.request_id, "the SDK reads X-Request-Id"


def test_an_unknown_product_raises_a_client_error_naming_it(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_order(seed_request(product_id="workspacehost.s.huge"))
    assert raised.value.status_code == 400
    assert "no Workspace App product workspacehost.s.huge" in raised.value.error_msg
