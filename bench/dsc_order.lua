-- wrk script: POST the DSC seed example (with real ids) to the demo project, authenticated with
-- an IAM token (ORDERD_TOKEN, from bench/token.sh).
-- Usage: ORDERD_TOKEN=$(bench/token.sh) wrk -t2 -c64 -d10s -s bench/dsc_order.lua http://127.0.0.1:8080
wrk.method = "POST"
wrk.path = "/v1/0bec5db98280d2d02fd6c00c2de791ce/period/order"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = os.getenv("ORDERD_TOKEN")
wrk.body = [[{"charging_mode":0,"cloud_service_type":"hws.service.type.sdg","is_auto_renew":0,"period_num":1,"period_type":2,"region_id":"cn-north-4","zone":"CH","product_infos":[{"cloud_service_type":"hws.service.type.sdg","product_id":"00301-225397-0--0","resource_size":30,"resource_size_measure_id":30,"resource_spec_code":"base_professional","resource_type":"hws.resource.type.dsc.base"}]}]]

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests: %d, errors: %d, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
