#!/usr/bin/env bash
# Prints an IAM token for the demo root user from the orderd at ${1:-http://127.0.0.1:8080}.
set -euo pipefail
curl -s -i -X POST "${1:-http://127.0.0.1:8080}/v3/auth/tokens" -H 'content-type: application/json' \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","password":"demo-password","domain":{"name":"demo"}}}},"scope":{"project":{"id":"0bec5db98280d2d02fd6c00c2de791ce"}}}}' \
  | awk 'tolower($1) == "x-subject-token:" { print $2 }' | tr -d '\r'
