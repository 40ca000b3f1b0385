"""DSC CreateProductOrder through the official huaweicloudsdkdsc client."""

import re

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkdsc.v1 import CreateProductOrderRequest, DscClient, PeriodOrderRequest, ProductInfoBean

from conftest import DEMO_AK, DEMO_PROJECT, DEMO_SK

ORDER_ID = re.compile(r"^CS\d{10}[A-Z0-9]{5}$")


def client(orderd):
    credentials = BasicCredentials(DEMO_AK, DEMO_SK, DEMO_PROJECT)
    return DscClient.new_builder().with_credentials(credentials).with_endpoints([orderd.endpoint]).build()


def seed_request(**overrides):
    body = dict(
        zone="CH",
        region_id="cn-north-4",
        product_infos=[
            ProductInfoBean(
                cloud_service_type="hws.service.type.sdg",
                product_id="00301-225397-0--0",
                resource_size=30,
                resource_size_measure_id=30,
                resource_spec_code="base_professional",
                resource_type="hws.resource.type.dsc.base",
            )
        ],
        period_type=2,
        period_num=1,
        is_auto_renew=0,
        cloud_service_type="hws.service.type.sdg",
        charging_mode=0,
    )
    body.update(overrides)
    request = CreateProductOrderRequest()
    request.body = PeriodOrderRequest(**body)
    return request


def test_the_seed_example_returns_an_order_id(orderd):
    response = client(orderd).create_product_order(seed_request())
    assert ORDER_ID.match(response.order_id), response.order_id


def test_an_invalid_order_raises_a_client_error_with_the_dsc_code(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_product_order(seed_request(period_num=12))
    error = raised.value
    assert error.status_code == 400
    assert error.error_code == "dsc.40000011"
    assert "period_num" in error.error_msg
    assert error.request_id, "the SDK reads X-Request-Id"


def every_product_field(**line):
    """The seed's line with every field ProductInfoBean has, informational ones included."""
    fields = dict(
        all_resource_names=["db-1", "db-2"],
        cloud_service_type="hws.service.type.sdg",
        display_id="display-1",
        product_id="00301-225397-0--0",
        product_spec_desc="base professional",
        resource_name="dsc-1",
        resource_size=30,
        resource_size_measure_id=30,
        resource_spec_code="base_professional",
        resource_type="hws.resource.type.dsc.base",
        usage_factor="1.0",
        usage_measure_id=17,
        usage_value=2.5,
    )
    fields.update(line)
    return [ProductInfoBean(**fields)]


def test_every_product_info_bean_field_is_accepted(orderd):
    response = client(orderd).create_product_order(seed_request(product_infos=every_product_field()))
    assert ORDER_ID.match(response.order_id), response.order_id


def test_a_product_info_bean_field_of_the_wrong_type_is_named(orderd):
    # The Python models do not check types: a string for the double usage_value reaches the wire.
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client(orderd).create_product_order(seed_request(product_infos=every_product_field(usage_value="abc")))
    assert raised.value.status_code == 400
    assert raised.value.error_code == "dsc.40000011"
    assert "product_infos[0].usage_value: invalid type: string" in raised.value.error_msg
