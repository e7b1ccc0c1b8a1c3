output "role_arn" {
  description = "IAM role of the service account in ${{ values.env.name }}: serviceAccount.roleArn in values-${{ values.env.name }}.yaml."
  value       = module.service.role_arn
}
{%- if values.cloud.podSecurityGroup %}

output "pod_security_group_ids" {
  description = "podSecurityGroups.groupIds in values-${{ values.env.name }}.yaml: the service's own security group, the only one the database and cache accept, and the cluster's."
  value       = module.service.pod_security_group_ids
}
{%- endif %}
{%- if values.cloud.postgres %}

output "postgres_endpoint" {
  description = "PostgreSQL host:port."
  value       = module.service.postgres_endpoint
}

output "postgres_master_secret_arn" {
  description = "Secrets Manager secret with the PostgreSQL master password."
  value       = module.service.postgres_master_secret_arn
}
{%- endif %}
{%- if values.cloud.redis %}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint (TLS)."
  value       = module.service.redis_primary_endpoint
}

# The AUTH token itself is no output: it would sit in the state's outputs and in every
# `terraform output -json`; the service reads it from this secret.
output "redis_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token."
  value       = module.service.redis_secret_arn
}
{%- endif %}
{%- if values.cloud.bucket %}

output "bucket_name" {
  description = "Name of the S3 bucket."
  value       = module.service.bucket_name
}

output "bucket_arn" {
  description = "ARN of the S3 bucket."
  value       = module.service.bucket_arn
}
{%- endif %}
