output "role_arn" {
  description = "IAM role for the service account: the chart's serviceAccount annotation eks.amazonaws.com/role-arn."
  value       = aws_iam_role.service.arn
}

output "role_name" {
  description = "Name of the service's IAM role."
  value       = aws_iam_role.service.name
}
{%- if values.cloud.podSecurityGroup %}

output "pod_security_group_ids" {
  description = "Security groups of the service's pods: its own (the only one the database and cache accept) and the cluster's. podSecurityGroups.groupIds in values-<env>.yaml."
  value       = [aws_security_group.pods.id, local.cluster_security_group_id]
}
{%- endif %}
{%- if values.cloud.postgres %}

output "postgres_endpoint" {
  description = "PostgreSQL host:port."
  value       = aws_db_instance.postgres.endpoint
}

output "postgres_address" {
  description = "PostgreSQL host name."
  value       = aws_db_instance.postgres.address
}

output "postgres_port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.postgres.port
}

output "postgres_database" {
  description = "Name of the service's database."
  value       = aws_db_instance.postgres.db_name
}

output "postgres_iam_user" {
  description = "Database user the service connects as with IAM authentication (create it with GRANT rds_iam)."
  value       = local.postgres_iam_user
}

output "postgres_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.postgres.arn
}

output "postgres_master_username" {
  description = "Master user name of the database."
  value       = aws_db_instance.postgres.username
  sensitive   = true
}

output "postgres_master_secret_arn" {
  description = "Secrets Manager secret with the master user's password, rotated by RDS (for admins, not the service)."
  value       = aws_db_instance.postgres.master_user_secret[0].secret_arn
}

output "postgres_secret_arn" {
  description = "Secrets Manager secret with the connection details the service reads."
  value       = aws_secretsmanager_secret.postgres.arn
}
{%- endif %}
{%- if values.cloud.redis %}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint (TLS)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "redis_reader_endpoint" {
  description = "Redis reader endpoint (TLS)."
  value       = aws_elasticache_replication_group.redis.reader_endpoint_address
}

output "redis_port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.redis.port
}

output "redis_arn" {
  description = "ARN of the Redis replication group."
  value       = aws_elasticache_replication_group.redis.arn
}

output "redis_secret_arn" {
  description = "Secrets Manager secret with the AUTH token and endpoint."
  value       = aws_secretsmanager_secret.redis_auth.arn
}
{%- endif %}
{%- if values.cloud.bucket %}

output "bucket_name" {
  description = "Name of the S3 bucket."
  value       = aws_s3_bucket.bucket.id
}

output "bucket_arn" {
  description = "ARN of the S3 bucket."
  value       = aws_s3_bucket.bucket.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the S3 bucket."
  value       = aws_s3_bucket.bucket.bucket_regional_domain_name
}

output "bucket_kms_key_arn" {
  description = "KMS key that encrypts the bucket's objects."
  value       = aws_kms_key.bucket.arn
}
{%- endif %}
