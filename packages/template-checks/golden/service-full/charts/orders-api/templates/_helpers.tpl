{{/*
The chart's name, overridable with nameOverride.
*/}}
{{- define "orders-api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of every object. Each environment is its own namespace with one release, so objects are
named after the service, not the release: the `service` label Prometheus gives the service's
series (and the name the HPA and the alerts select) is then the same in every environment.
*/}}
{{- define "orders-api.fullname" -}}
{{- default .Chart.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The Backstage component this chart deploys: the value of `backstage.io/kubernetes-id` and of the
alerts' `service` label.
*/}}
{{- define "orders-api.componentName" -}}
orders-api
{{- end }}

{{- define "orders-api.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: stable for the life of the Deployment.
*/}}
{{- define "orders-api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orders-api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels on every object, pods included.
*/}}
{{- define "orders-api.labels" -}}
helm.sh/chart: {{ include "orders-api.chart" . }}
{{ include "orders-api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: service
{{- with .Values.partOf }}
app.kubernetes.io/part-of: {{ . }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
backstage.io/kubernetes-id: {{ include "orders-api.componentName" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "orders-api.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "orders-api.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: a digest wins over a tag. Each environment names what it deploys in its
values file (the Promote workflow writes the digest the Build workflow pushed); without either,
rendering stops instead of deploying an image nobody built.
*/}}
{{- define "orders-api.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else if .Values.image.tag }}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- else }}
{{- fail (printf "image.tag or image.digest must be set in values-%s.yaml: run the Promote workflow for %s with the digest the Build workflow pushed" (default "<env>" .Values.environment) (default "this environment" .Values.environment)) }}
{{- end }}
{{- end }}

{{/*
The API version of ExternalSecret the cluster serves (v1 preferred, v1beta1 for External Secrets
Operator releases before 0.16), or nothing when the operator is not installed.
*/}}
{{- define "orders-api.externalSecretsApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "external-secrets.io/v1" -}}
external-secrets.io/v1
{{- else if .Capabilities.APIVersions.Has "external-secrets.io/v1beta1" -}}
external-secrets.io/v1beta1
{{- end }}
{{- end }}

{{/*
"true" when the chart renders the ExternalSecret: it is enabled, has something to fetch, and the
cluster serves the API. The Deployment reads the generated Secret only then.
*/}}
{{- define "orders-api.externalSecretEnabled" -}}
{{- $es := .Values.externalSecrets }}
{{- if and $es.enabled (include "orders-api.externalSecretsApiVersion" .) (or $es.postgres.enabled $es.redis.enabled $es.extraData) -}}
true
{{- end }}
{{- end }}

{{/*
The store the ExternalSecret reads: the chart's own SecretStore, bound to the service account,
unless externalSecrets.secretStore.create is off and secretStoreRef names another.
*/}}
{{- define "orders-api.secretStoreName" -}}
{{- include "orders-api.fullname" . }}
{{- end }}

{{- define "orders-api.externalSecretName" -}}
{{- printf "%s-cloud" (include "orders-api.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
PromQL label matchers for the service's own series, as the Prometheus Operator labels targets
scraped through the ServiceMonitor (`namespace`, `service`).
*/}}
{{- define "orders-api.metricsSelector" -}}
namespace="{{ .Release.Namespace }}",service="{{ include "orders-api.fullname" . }}"
{{- end }}

{{/*
A regular expression for the names of the Deployment's pods: <fullname>-<template hash>-<suffix>.
*/}}
{{- define "orders-api.podRegex" -}}
{{ include "orders-api.fullname" . }}-[a-z0-9]+-[a-z0-9]+
{{- end }}

{{/*
A DCGM metric of the service's pods, in either label layout dcgm-exporter's series arrive in:
`namespace`/`pod` (honorLabels: true) or `exported_namespace`/`exported_pod` (the default
ServiceMonitor), normalised to `namespace`/`pod`. Call with (list "<metric>" $).
*/}}
{{- define "orders-api.gpuSeries" -}}
{{- $metric := index . 0 }}
{{- $ctx := index . 1 }}
{{- $ns := $ctx.Release.Namespace }}
{{- $pods := include "orders-api.podRegex" $ctx }}
{{- printf "(%s{namespace=%q,pod=~%q} or label_replace(label_replace(%s{exported_namespace=%q,exported_pod=~%q}, \"namespace\", \"$1\", \"exported_namespace\", \"(.+)\"), \"pod\", \"$1\", \"exported_pod\", \"(.+)\"))" $metric $ns $pods $metric $ns $pods }}
{{- end }}

{{/*
Labels every alert carries: its severity, capped at alerts.maxSeverity (dev and staging never
page), and the service, team and environment. Call with (dict "ctx" $ "rule" <rule values>).
*/}}
{{- define "orders-api.alertLabels" -}}
{{- $rank := dict "info" 0 "warning" 1 "critical" 2 }}
{{- $max := .ctx.Values.alerts.maxSeverity }}
severity: {{ ternary $max .rule.severity (gt (index $rank .rule.severity) (index $rank $max)) }}
service: {{ include "orders-api.componentName" .ctx }}
team: {{ .ctx.Values.alerts.team | quote }}
{{- with .ctx.Values.environment }}
environment: {{ . | quote }}
{{- end }}
{{- with .ctx.Values.alerts.receiver }}
receiver: {{ . | quote }}
{{- end }}
{{- with .ctx.Values.alerts.labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "orders-api.runbookUrl" -}}
{{- $base := .ctx.Values.alerts.runbookBaseUrl }}
{{- if $base }}
{{- printf "%s#%s" $base .anchor }}
{{- else }}
{{- printf "docs/runbook.md#%s" .anchor }}
{{- end }}
{{- end }}

{{/*
The metrics port, refused when it is the traffic port: the Ingress must never route /metrics.
*/}}
{{- define "orders-api.metricsPort" -}}
{{- if eq (int .Values.metrics.port) (int .Values.containerPort) }}
{{- fail "metrics.port must differ from containerPort: the Ingress routes containerPort and must not expose metrics" }}
{{- end }}
{{- .Values.metrics.port }}
{{- end }}
