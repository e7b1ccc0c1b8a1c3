{%- set size = {
  "dev": {
    "pgClass": "db.t4g.micro", "pgStorage": 20, "pgMaxStorage": 50, "pgBackups": 1, "pgMultiAz": false,
    "redisNode": "cache.t4g.micro", "redisNodes": 1, "redisSnapshots": 0,
    "bucketVersions": 7
  },
  "staging": {
    "pgClass": "db.t4g.medium", "pgStorage": 50, "pgMaxStorage": 200, "pgBackups": 7, "pgMultiAz": false,
    "redisNode": "cache.t4g.small", "redisNodes": 2, "redisSnapshots": 1,
    "bucketVersions": 30
  },
  "prod": {
    "pgClass": "db.m7g.large", "pgStorage": 100, "pgMaxStorage": 1000, "pgBackups": 30, "pgMultiAz": true,
    "redisNode": "cache.m7g.large", "redisNodes": 2, "redisSnapshots": 7,
    "bucketVersions": 365
  }
}[values.env.name] -%}
# ${{ values.name }} in ${{ values.env.name }}: the service module with this environment's sizes.

module "service" {
  source = "../../modules/${{ values.name }}"

  name            = var.name
  environment     = var.environment
  namespace       = var.namespace
  service_account = var.service_account
  cluster_name    = var.cluster_name
  tags            = var.tags
{%- if values.cloud.podSecurityGroup %}

  allowed_cidr_blocks = var.allowed_cidr_blocks
{%- endif %}
{%- if values.cloud.postgres %}

  postgres_instance_class        = ${{ size.pgClass | dump }}
  postgres_allocated_storage     = ${{ size.pgStorage }}
  postgres_max_allocated_storage = ${{ size.pgMaxStorage }}
  postgres_backup_retention_days = ${{ size.pgBackups }}
  postgres_multi_az              = ${{ size.pgMultiAz | dump }}
{%- endif %}
{%- if values.cloud.redis %}

  redis_node_type               = ${{ size.redisNode | dump }}
  redis_num_cache_clusters      = ${{ size.redisNodes }}
  redis_snapshot_retention_days = ${{ size.redisSnapshots }}
{%- endif %}
{%- if values.cloud.bucket %}

  bucket_noncurrent_version_expiration_days = ${{ size.bucketVersions }}
{%- endif %}
}
