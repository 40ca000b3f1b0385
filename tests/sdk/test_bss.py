"""The BSS APIs through the official huaweicloudsdkbss client: each answer deserialises into the
SDK's models without error and holds the values orderd promises (docs/bss.md)."""

import decimal
import re
import time

import pytest
from huaweicloudsdkbss.v2 import (
    AutoRenewalResourcesReq,
    AutoRenewalResourcesRequest,
    BssClient,
    CancelAutoRenewalResourcesRequest,
    CancelResourcesSubscriptionRequest,
    ListRenewRateOnPeriodReq,
    ListRenewRateOnPeriodRequest,
    RenewalResourcesReq,
    RenewalResourcesRequest,
    UnsubscribeResourcesReq,
    ListCustomerOrdersRequest,
    ListPayPerUseCustomerResourcesRequest,
    ListServiceTypesRequest,
    PayCustomerOrderV3Req,
    PayOrdersRequest,
    QueryResourcesReq,
    ShowCustomerAccountBalancesRequest,
    ShowCustomerOrderDetailsRequest,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.region.region import Region
from huaweicloudsdkdsc.v1 import DscClient

from conftest import DEMO_AK, DEMO_DOMAIN, DEMO_PROJECT, DEMO_SK
from test_dsc import seed_request

BSS_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def bss(orderd):
    credentials = GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN).with_iam_endpoint(orderd.endpoint)
    return BssClient.new_builder().with_credentials(credentials).with_region(Region("cn-north-1", orderd.endpoint)).build()


def place_dsc_order(orderd):
    """A DSC base_professional edition of 30 databases for a month: 6000.00 yuan."""
    credentials = BasicCredentials(DEMO_AK, DEMO_SK, DEMO_PROJECT)
    dsc = DscClient.new_builder().with_credentials(credentials).with_endpoints([orderd.endpoint]).build()
    return dsc.create_product_order(seed_request()).order_id


def pay(client, order_id):
    body = PayCustomerOrderV3Req(order_id=order_id, use_coupon="NO", use_discount="NO")
    return client.pay_orders(PayOrdersRequest(body=body))


def test_list_customer_orders_with_every_parameter(orderd):
    client = bss(orderd)
    order_id = place_dsc_order(orderd)
    now = time.gmtime()
    begin = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(time.time() - 86400))
    end = time.strftime("%Y-%m-%dT23:59:59Z", now)
    response = client.list_customer_orders(
        ListCustomerOrdersRequest(
            order_id=order_id.lower(),
            customer_id=DEMO_DOMAIN,
            create_time_begin=begin,
            create_time_end=end,
            service_type_code="hws.service.type.sdg",
            status=6,
            order_type="1",
            limit=10,
            offset=0,
            order_by="-createTime",
            method="oneself",
        )
    )
    assert response.total_count == 1
    order = response.order_infos[0]
    assert order.order_id == order_id
    assert order.customer_id == DEMO_DOMAIN
    assert order.service_type_name == "Data Security Center"
    assert (order.status, order.order_type, order.source_type, order.measure_id) == (6, 1, 1, 1)
    assert order.amount_after_discount == 6000
    assert order.official_amount == 6000
    assert order.currency == "CNY"
    assert BSS_TIME.match(order.create_time)
    assert order.payment_time is None
    assert order.amount_info.discounts == []
    assert order.amount_info.coupon_amount == 0
    assert order.enterprise_projects == []
    assert order.sub_order_infos == []
    assert order.agent_pay_info.is_agent_pay is False


def test_list_customer_orders_pages_newest_first(orderd):
    client = bss(orderd)
    first = place_dsc_order(orderd)
    second = place_dsc_order(orderd)
    newest = client.list_customer_orders(ListCustomerOrdersRequest(limit=2))
    assert newest.total_count >= 2
    assert [o.order_id for o in newest.order_infos] == [second, first]
    sub_customers = client.list_customer_orders(ListCustomerOrdersRequest(method="sub_customer"))
    assert (sub_customers.total_count, sub_customers.order_infos) == (0, [])


def test_a_broken_list_parameter_is_a_400_naming_it(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        bss(orderd).list_customer_orders(ListCustomerOrdersRequest(status=2, limit=0))
    assert raised.value.status_code == 400
    assert raised.value.error_code == "CBC.0100"
    assert "status: must be one of 1, 3, 4, 5, 6, 9" in raised.value.error_msg
    assert "limit: must be an integer from 1 to 100" in raised.value.error_msg


def test_show_customer_order_details_before_and_after_payment(orderd):
    client = bss(orderd)
    order_id = place_dsc_order(orderd)
    details = client.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id=order_id, limit=10, offset=0))
    info = details.order_info
    assert info.order_id == order_id
    assert info.status == 6
    assert info.user_name == "demo"
    assert BSS_TIME.match(info.pending_payment_end_time)
    assert info.payment_time is None
    assert info.service_type_name == "Data Security Center"
    assert info.sub_order_infos == []
    assert details.total_count == 1
    line = details.order_line_items[0]
    assert line.order_line_item_id == order_id + "-1"
    assert line.service_type_name == "Data Security Center"
    assert (line.period_type, line.period_num, line.subscription_num) == (2, 1, 1)
    assert line.effective_time is None and line.expire_time is None
    assert line.base_product_info.product_id == "00301-225397-0--0"
    assert line.base_product_info.commercial_resource == "hws.resource.type.dsc.base"
    assert line.product_owner_service == "hws.service.type.sdg"
    assert line.amount_info.discounts == []

    pay(client, order_id)
    paid = client.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id=order_id))
    assert paid.order_info.status == 5
    assert paid.order_info.pending_payment_end_time is None
    assert BSS_TIME.match(paid.order_info.payment_time)
    assert BSS_TIME.match(paid.order_line_items[0].effective_time)
    assert BSS_TIME.match(paid.order_line_items[0].expire_time)


def test_pay_orders_answers_204_and_debits_the_balance(orderd):
    client = bss(orderd)
    order_id = place_dsc_order(orderd)
    before = client.show_customer_account_balances(ShowCustomerAccountBalancesRequest())
    response = pay(client, order_id)
    assert response.status_code == 204
    after = client.show_customer_account_balances(ShowCustomerAccountBalancesRequest())
    spent = decimal.Decimal(str(before.account_balances[0].amount)) - decimal.Decimal(str(after.account_balances[0].amount))
    assert spent == 6000

    with pytest.raises(exceptions.ClientRequestException) as raised:
        pay(client, order_id)
    assert raised.value.status_code == 400
    assert raised.value.error_code == "CBC.99003106"


def test_list_pay_per_use_customer_resources_as_terraform_waits_for_them(orderd):
    client = bss(orderd)
    order_id = place_dsc_order(orderd)

    def main_resources():
        body = QueryResourcesReq(order_id=order_id, only_main_resource=1)
        return client.list_pay_per_use_customer_resources(ListPayPerUseCustomerResourcesRequest(body=body))

    pending = main_resources()
    assert (pending.total_count, pending.data) == (0, [])
    pay(client, order_id)
    delivered = main_resources()
    assert delivered.total_count == 1
    resource = delivered.data[0]
    assert resource.resource_id and resource.id == resource.resource_id
    assert resource.region_code == "cn-north-4"
    assert resource.project_id == DEMO_PROJECT
    assert resource.service_type_code == "hws.service.type.sdg"
    assert resource.service_type_name == "Data Security Center"
    assert resource.resource_type_code == "hws.resource.type.dsc.base"
    assert resource.resource_type_name == "DSC edition"
    assert resource.resource_spec_code == "base_professional"
    assert resource.product_id == "00301-225397-0--0"
    assert resource.parent_resource_id is None
    assert (resource.is_main_resource, resource.status, resource.expire_policy) == (1, 2, 0)
    assert resource.spec_size == 30 and resource.spec_size_measure_id == 30
    assert BSS_TIME.match(resource.effective_time) and BSS_TIME.match(resource.expire_time)
    assert BSS_TIME.match(resource.update_time)
    assert (resource.enterprise_project.id, resource.enterprise_project.name) == ("0", "default")

    every = QueryResourcesReq(status_list=[2], limit=500, offset=0, service_type_code="hws.service.type.sdg")
    listed = client.list_pay_per_use_customer_resources(ListPayPerUseCustomerResourcesRequest(body=every))
    assert resource.resource_id in [r.resource_id for r in listed.data]

    with pytest.raises(exceptions.ClientRequestException) as raised:
        client.list_pay_per_use_customer_resources(
            ListPayPerUseCustomerResourcesRequest(body=QueryResourcesReq(limit=501, service_type_code=""))
        )
    assert raised.value.status_code == 400
    assert raised.value.error_code == "CBC.0100"
    assert "limit: must be 1 to 500" in raised.value.error_msg
    assert "service_type_code: must not be empty" in raised.value.error_msg


def test_show_customer_account_balances(orderd):
    response = bss(orderd).show_customer_account_balances(ShowCustomerAccountBalancesRequest())
    assert len(response.account_balances) == 1
    balance = response.account_balances[0]
    assert balance.account_id == DEMO_DOMAIN
    assert (balance.account_type, balance.measure_id, balance.currency) == (1, 1, "CNY")
    assert 0 < balance.amount <= 1_000_000
    assert balance.designated_amount == 0 and balance.credit_amount == 0
    assert (response.debt_amount, response.measure_id, response.currency) == (0, 1, "CNY")


def test_list_service_types_answers_terraforms_probe(orderd):
    client = bss(orderd)
    probe = client.list_service_types(ListServiceTypesRequest(limit=1))
    assert probe.total_count == 4
    assert len(probe.service_types) == 1
    every = client.list_service_types(ListServiceTypesRequest(limit=10, offset=0))
    assert [(s.service_type_code, s.service_type_name, s.abbreviation) for s in every.service_types] == [
        ("hws.service.type.dis", "Data Ingestion Service", "DIS"),
        ("hws.service.type.ies", "CloudPond", "IES"),
        ("hws.service.type.sdg", "Data Security Center", "DSC"),
        ("hws.service.type.vdi", "Workspace", "Workspace"),
    ]
    found = client.list_service_types(ListServiceTypesRequest(service_type_name="security"))
    assert [s.service_type_code for s in found.service_types] == ["hws.service.type.sdg"]


def paid_dsc_resource(orderd):
    """A paid DSC edition (6000.00 a month): the id of its resource."""
    client = bss(orderd)
    order_id = place_dsc_order(orderd)
    pay(client, order_id)
    body = QueryResourcesReq(order_id=order_id, only_main_resource=1)
    listed = client.list_pay_per_use_customer_resources(ListPayPerUseCustomerResourcesRequest(body=body))
    return listed.data[0].resource_id


def balance(client):
    answer = client.show_customer_account_balances(ShowCustomerAccountBalancesRequest())
    return decimal.Decimal(str(answer.account_balances[0].amount))


def test_renew_rate_renewal_and_the_pending_renewal_code(orderd):
    client = bss(orderd)
    resource_id = paid_dsc_resource(orderd)
    rate = client.list_renew_rate_on_period(
        ListRenewRateOnPeriodRequest(
            body=ListRenewRateOnPeriodReq(resource_ids=[resource_id, "nope"], period_type=3, period_num=1)
        )
    )
    assert rate.currency == "CNY"
    assert [(r.resource_id, r.amount) for r in rate.renew_inquiry_results] == [(resource_id, "60000.00")]
    assert rate.official_website_rating_result.official_website_amount == "60000.00"
    assert [(f.resource_id, f.error_code) for f in rate.fail_resource_infos] == [("nope", "CBC.99003012")]

    renewed = client.renewal_resources(
        RenewalResourcesRequest(body=RenewalResourcesReq(resource_ids=[resource_id], period_type=2, period_num=2, is_auto_pay=0))
    )
    assert len(renewed.order_ids) == 1 and renewed.fail_resource_infos == []
    details = client.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id=renewed.order_ids[0]))
    assert (details.order_info.order_type, details.order_info.status) == (2, 6)
    again = client.renewal_resources(
        RenewalResourcesRequest(body=RenewalResourcesReq(resource_ids=[resource_id], period_type=2, period_num=1))
    )
    assert again.order_ids == []
    assert [f.error_code for f in again.fail_resource_infos] == ["CBC.30050010"]


def test_auto_renewal_on_and_off(orderd):
    client = bss(orderd)
    resource_id = paid_dsc_resource(orderd)
    on = client.auto_renewal_resources(
        AutoRenewalResourcesRequest(resource_id=resource_id, body=AutoRenewalResourcesReq(auto_renew_times=3, period_type="MONTH"))
    )
    assert on.status_code == 204
    body = QueryResourcesReq(resource_ids=[resource_id])
    listed = client.list_pay_per_use_customer_resources(ListPayPerUseCustomerResourcesRequest(body=body))
    assert listed.data[0].expire_policy == 3
    off = client.cancel_auto_renewal_resources(CancelAutoRenewalResourcesRequest(resource_id=resource_id))
    assert off.status_code == 204
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client.cancel_auto_renewal_resources(CancelAutoRenewalResourcesRequest(resource_id=resource_id))
    assert (raised.value.status_code, raised.value.error_code) == (400, "CBC.99003605")


def test_cancel_resources_subscription_refunds_and_closes(orderd):
    client = bss(orderd)
    resource_id = paid_dsc_resource(orderd)
    client.renewal_resources(
        RenewalResourcesRequest(body=RenewalResourcesReq(resource_ids=[resource_id], period_type=2, period_num=1, is_auto_pay=1))
    )
    before = balance(client)
    renewed_only = client.cancel_resources_subscription(
        CancelResourcesSubscriptionRequest(
            body=UnsubscribeResourcesReq(resource_ids=[resource_id], unsubscribe_type=2, unsubscribe_reason_type=5, unsubscribe_reason="test")
        )
    )
    assert len(renewed_only.order_ids) == 1 and renewed_only.fail_resource_infos == []
    assert balance(client) - before == 6000, "the renewed month back in full"

    whole = client.cancel_resources_subscription(
        CancelResourcesSubscriptionRequest(body=UnsubscribeResourcesReq(resource_ids=[resource_id, "nope"], unsubscribe_type=1))
    )
    assert len(whole.order_ids) == 1
    assert [(f.resource_id, f.error_code) for f in whole.fail_resource_infos] == [("nope", "CBC.99003012")]
    details = client.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id=whole.order_ids[0]))
    assert (details.order_info.order_type, details.order_info.status) == (4, 5)
    body = QueryResourcesReq(resource_ids=[resource_id], status_list=[2], only_main_resource=1, limit=100, offset=0)
    gone = client.list_pay_per_use_customer_resources(ListPayPerUseCustomerResourcesRequest(body=body))
    assert gone.total_count == 0
