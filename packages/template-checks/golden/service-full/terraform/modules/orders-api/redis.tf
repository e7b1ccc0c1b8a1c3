# Redis on ElastiCache for orders-api: a replication group with encryption in transit and at
# rest, an AUTH token kept in Secrets Manager, and automatic failover in production.

locals {
  # Replication group IDs have at most 40 characters and no consecutive or trailing dashes.
  redis_id = "${trimsuffix(substr(var.name, 0, 39 - length(var.environment)), "-")}-${var.environment}"
}

resource "random_password" "redis_auth" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "redis_auth" {
  name                    = "${var.name}/${var.environment}/redis"
  description             = "AUTH token and endpoint of the ${local.name} Redis replication group"
  recovery_window_in_days = local.production ? 30 : 0
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id = aws_secretsmanager_secret.redis_auth.id
  secret_string = jsonencode({
    auth_token = random_password.redis_auth.result
    host       = aws_elasticache_replication_group.redis.primary_endpoint_address
    port       = aws_elasticache_replication_group.redis.port
    tls        = true
  })
}

resource "aws_elasticache_subnet_group" "redis" {
  name        = "${local.name}-redis"
  description = "Private subnets of ${local.name} Redis"
  subnet_ids  = local.subnet_ids
  tags        = local.tags
}

resource "aws_security_group" "redis" {
  name        = "${local.name}-redis"
  description = "Redis of ${var.name} in ${var.environment}"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

# Only the service's pods (their own security group), not the whole cluster.
resource "aws_vpc_security_group_ingress_rule" "redis_pods" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the pods of ${var.name}"
  referenced_security_group_id = aws_security_group.pods.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

resource "aws_vpc_security_group_egress_rule" "pods_to_redis" {
  security_group_id            = aws_security_group.pods.id
  description                  = "Redis of ${var.name}"
  referenced_security_group_id = aws_security_group.redis.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

resource "aws_vpc_security_group_ingress_rule" "redis_cidr" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.redis.id
  description       = "Redis from ${each.value}"
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = local.redis_id
  description          = "Redis of ${var.name} in ${var.environment}"
  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  num_cache_clusters   = var.redis_num_cache_clusters
  port                 = 6379

  subnet_group_name  = aws_elasticache_subnet_group.redis.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.redis_auth.result
  auth_token_update_strategy = "ROTATE"

  # Failover needs a replica; production gets one (see the precondition below).
  automatic_failover_enabled = local.production
  multi_az_enabled           = local.production

  snapshot_retention_limit   = var.redis_snapshot_retention_days
  snapshot_window            = "03:00-04:00"
  maintenance_window         = "sun:05:00-sun:06:00"
  final_snapshot_identifier  = local.production ? "${local.redis_id}-final" : null
  auto_minor_version_upgrade = true
  apply_immediately          = !local.production

  tags = local.tags

  lifecycle {
    precondition {
      condition     = !local.production || var.redis_num_cache_clusters >= 2
      error_message = "Production Redis needs at least 2 nodes for automatic failover."
    }
  }
}

# What the service's IAM role may do with the cache: read the secret with the AUTH token (External
# Secrets Operator reads it as the service account, through the chart's SecretStore), nothing else.
data "aws_iam_policy_document" "redis" {
  statement {
    sid       = "ReadRedisSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.redis_auth.arn]
  }
}

resource "aws_iam_role_policy" "redis" {
  name   = "redis"
  role   = aws_iam_role.service.id
  policy = data.aws_iam_policy_document.redis.json
}
