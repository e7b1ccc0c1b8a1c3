# orders-api in prod: the service module with this environment's sizes.

module "service" {
  source = "../../modules/orders-api"

  name            = var.name
  environment     = var.environment
  namespace       = var.namespace
  service_account = var.service_account
  cluster_name    = var.cluster_name
  tags            = var.tags

  allowed_cidr_blocks = var.allowed_cidr_blocks

  postgres_instance_class        = "db.m7g.large"
  postgres_allocated_storage     = 100
  postgres_max_allocated_storage = 1000
  postgres_backup_retention_days = 30
  postgres_multi_az              = true

  redis_node_type               = "cache.m7g.large"
  redis_num_cache_clusters      = 2
  redis_snapshot_retention_days = 7

  bucket_noncurrent_version_expiration_days = 365
}
