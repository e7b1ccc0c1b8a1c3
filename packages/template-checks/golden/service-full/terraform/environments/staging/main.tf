# orders-api in staging: the service module with this environment's sizes.

module "service" {
  source = "../../modules/orders-api"

  name            = var.name
  environment     = var.environment
  namespace       = var.namespace
  service_account = var.service_account
  cluster_name    = var.cluster_name
  tags            = var.tags

  allowed_cidr_blocks = var.allowed_cidr_blocks

  postgres_instance_class        = "db.t4g.medium"
  postgres_allocated_storage     = 50
  postgres_max_allocated_storage = 200
  postgres_backup_retention_days = 7
  postgres_multi_az              = false

  redis_node_type               = "cache.t4g.small"
  redis_num_cache_clusters      = 2
  redis_snapshot_retention_days = 1

  bucket_noncurrent_version_expiration_days = 30
}
