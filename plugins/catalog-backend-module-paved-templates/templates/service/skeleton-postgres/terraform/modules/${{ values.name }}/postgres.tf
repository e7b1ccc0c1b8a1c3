# PostgreSQL on RDS for ${{ values.name }}: private, encrypted, backed up, with the master password
# managed by RDS in Secrets Manager. The service connects as its own user with IAM authentication;
# the connection details (no password) are in the secret <name>/<environment>/postgres, which the
# chart's ExternalSecret reads.

locals {
  postgres_database = replace(var.name, "-", "_")
  postgres_iam_user = replace(var.name, "-", "_")
}

resource "aws_db_subnet_group" "postgres" {
  name        = "${local.name}-postgres"
  description = "Private subnets of ${local.name} PostgreSQL"
  subnet_ids  = local.subnet_ids
  tags        = local.tags
}

resource "aws_security_group" "postgres" {
  name        = "${local.name}-postgres"
  description = "PostgreSQL of ${var.name} in ${var.environment}"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-postgres" })

  lifecycle {
    create_before_destroy = true
  }
}

# Only the service's pods (their own security group), not the whole cluster.
resource "aws_vpc_security_group_ingress_rule" "postgres_pods" {
  security_group_id            = aws_security_group.postgres.id
  description                  = "PostgreSQL from the pods of ${var.name}"
  referenced_security_group_id = aws_security_group.pods.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "pods_to_postgres" {
  security_group_id            = aws_security_group.pods.id
  description                  = "PostgreSQL of ${var.name}"
  referenced_security_group_id = aws_security_group.postgres.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "postgres_cidr" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.postgres.id
  description       = "PostgreSQL from ${each.value}"
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}

resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${local.name}-pg${var.postgres_engine_version}-"
  family      = "postgres${var.postgres_engine_version}"
  description = "PostgreSQL ${var.postgres_engine_version} settings of ${local.name}"
  tags        = local.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "postgres" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = var.postgres_engine_version
  instance_class = var.postgres_instance_class

  allocated_storage     = var.postgres_allocated_storage
  max_allocated_storage = var.postgres_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name                             = local.postgres_database
  username                            = "postgres_admin"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true

  db_subnet_group_name   = aws_db_subnet_group.postgres.name
  vpc_security_group_ids = [aws_security_group.postgres.id]
  parameter_group_name   = aws_db_parameter_group.postgres.name
  publicly_accessible    = false
  multi_az               = var.postgres_multi_az

  backup_retention_period  = var.postgres_backup_retention_days
  backup_window            = "02:00-03:00"
  maintenance_window       = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot    = true
  delete_automated_backups = !local.production

  # Production keeps the database when the stack is destroyed by mistake, and a final snapshot
  # when it is destroyed on purpose.
  deletion_protection       = local.production
  skip_final_snapshot       = !local.production
  final_snapshot_identifier = local.production ? "${local.name}-final" : null

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  apply_immediately               = !local.production
  performance_insights_enabled    = local.production
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  tags = local.tags
}

resource "aws_secretsmanager_secret" "postgres" {
  name                    = "${var.name}/${var.environment}/postgres"
  description             = "Connection details of the ${local.name} PostgreSQL database (IAM authentication, no password)"
  recovery_window_in_days = local.production ? 30 : 0
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "postgres" {
  secret_id = aws_secretsmanager_secret.postgres.id
  secret_string = jsonencode({
    host     = aws_db_instance.postgres.address
    port     = aws_db_instance.postgres.port
    dbname   = aws_db_instance.postgres.db_name
    username = local.postgres_iam_user
    sslmode  = "require"
  })
}

# What the service's IAM role may do with the database: connect as its own user with IAM
# authentication, and read the connection details (External Secrets Operator reads them as the
# service account, through the chart's SecretStore). Nothing else of Secrets Manager: the master
# password stays with the admins.
data "aws_iam_policy_document" "postgres" {
  statement {
    sid       = "ConnectWithIamAuthentication"
    actions   = ["rds-db:connect"]
    resources = ["arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:dbuser:${aws_db_instance.postgres.resource_id}/${local.postgres_iam_user}"]
  }

  statement {
    sid       = "ReadConnectionSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.postgres.arn]
  }
}

resource "aws_iam_role_policy" "postgres" {
  name   = "postgres"
  role   = aws_iam_role.service.id
  policy = data.aws_iam_policy_document.postgres.json
}
