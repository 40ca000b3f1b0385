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
