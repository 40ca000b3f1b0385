"""BSS ListRateOnPeriodDetail (the price inquiry) through the official huaweicloudsdkbss client:
the SDK sends integers as numbers and reads the amounts back."""

from decimal import Decimal

import pytest
from huaweicloudsdkbss.v2 import ListRateOnPeriodDetailRequest, PeriodProductInfo, RateOnPeriodReq
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions import exceptions

from conftest import DEMO_AK, DEMO_DOMAIN, DEMO_PROJECT, DEMO_SK
from test_auth import bss


def line(id, resource_type, spec, **extra):
    return PeriodProductInfo(
        id=id,
        cloud_service_type=extra.pop("cloud_service_type", "hws.service.type.sdg"),
        resource_type=resource_type,
        resource_spec=spec,
        region="cn-north-4",
        period_type=2,
        period_num=1,
        subscription_num=1,
        **extra,
    )


def inquire(orderd, *lines):
    client = bss(orderd, GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN))
    body = RateOnPeriodReq(project_id=DEMO_PROJECT, product_infos=list(lines))
    return client.list_rate_on_period_detail(ListRateOnPeriodDetailRequest(body=body))


def test_the_sdk_reads_each_lines_product_id_and_price(orderd):
    response = inquire(
        orderd,
        line("1", "hws.resource.type.dsc.base", "base_standard"),
        line("2", "hws.resource.type.dsc.db", "DB_standard", resource_size=2, size_measure_id=30),
    )
    result = response.official_website_rating_result
    assert response.currency == "CNY"
    assert Decimal(str(result.official_website_amount)) == Decimal("4000")
    assert result.measure_id == 1
    assert [(r.id, r.product_id) for r in result.product_rating_results] == [
        ("1", "00301-225396-0--0"),
        ("2", "00301-225398-0--0"),
    ]
    assert response.optional_discount_rating_results == []


def test_installments_come_back_as_the_sdks_strings(orderd):
    server = line(
        "s",
        "hws.resource.type.ies.server",
        "ies.server.general.c6",
        cloud_service_type="hws.service.type.ies",
        fee_installment_mode="HALF_PAY",
    )
    result = inquire(orderd, server).official_website_rating_result
    # A month of a 4000.00 server, half of it in one monthly installment.
    assert result.installment_official_website_amount == "2000.00"
    assert result.installment_period_type == 2
    product = result.product_rating_results[0]
    assert (product.installment_official_website_amount, product.installment_period_type) == ("2000.00", 2)


def test_an_unknown_product_raises_the_documented_code(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        inquire(orderd, line("1", "hws.resource.type.dsc.base", "base_gold"))
    assert raised.value.status_code == 400
    assert raised.value.error_code == "CBC.99006006"
    assert "product_infos[0]" in raised.value.error_msg
