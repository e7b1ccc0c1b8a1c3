#!/usr/bin/env bash
# Checks the chart of ${{ values.name }} with one environment's values: helm lint, helm template with
# the APIs the cluster serves, and kubeconform on every rendered manifest against the Kubernetes
# schemas (the custom resources' from the datreeio CRDs-catalog). The Validate workflow runs it for
# every environment; the Promote workflow runs it on the promoted values before they are committed.
#
#   bash .github/scripts/validate-chart.sh <environment>
#
# Needs helm and kubeconform on PATH (install-tools.sh).
set -euo pipefail

environment="${1:?usage: validate-chart.sh <environment>}"
name="${{ values.name }}"
chart="${{ values.chartPath }}"
values="$chart/values-${environment}.yaml"
if [[ ! -f "$values" ]]; then
  # From the files, not a list here: an environment added later brings its values file.
  known="$(cd "$chart" && ls values-*.yaml | sed 's/^values-//; s/\.yaml$//' | xargs)"
  echo "::error::$values does not exist; the chart has values for: $known" >&2
  exit 1
fi

manifests="$(mktemp "${RUNNER_TEMP:-/tmp}/manifests-${environment}.XXXXXX.yaml")"
trap 'rm -f "$manifests"' EXIT

helm lint "$chart" --values "$values"

# The custom resources the chart renders only where the cluster serves their API.
helm template "$name" "$chart" \
  --namespace "${name}-${environment}" \
  --values "$values" \
  --api-versions monitoring.coreos.com/v1 \
  --api-versions external-secrets.io/v1 \
{%- if values.cloud.podSecurityGroup %}
  --api-versions vpcresources.k8s.aws/v1beta1 \
{%- endif %}
  > "$manifests"

{% raw %}kubeconform -strict -summary \
  -schema-location default \
  -schema-location 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' \
  "$manifests"{% endraw %}
