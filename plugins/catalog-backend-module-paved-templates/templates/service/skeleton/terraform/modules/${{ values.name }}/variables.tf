variable "name" {
  description = "Name of the service: a DNS-1123 label of at most 40 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)) && length(var.name) <= 40
    error_message = "The name must be a DNS-1123 label (lowercase letters, digits and dashes, starting with a letter) of at most 40 characters."
  }
}

variable "environment" {
  description = "Environment the resources belong to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "namespace" {
  description = "Kubernetes namespace the service runs in."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.namespace)) && length(var.namespace) <= 63
    error_message = "The namespace must be a DNS-1123 label of at most 63 characters."
  }
}

variable "service_account" {
  description = "Kubernetes service account the service's pods run as; it alone may assume the IAM role."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$", var.service_account)) && length(var.service_account) <= 253
    error_message = "The service account must be a DNS-1123 subdomain."
  }
}

variable "cluster_name" {
  description = "EKS cluster the service runs on; its OIDC provider signs the service account tokens."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", var.cluster_name))
    error_message = "The cluster name must be a valid EKS cluster name."
  }
}

variable "tags" {
  description = "Extra tags for every resource (the provider's default_tags come on top)."
  type        = map(string)
  default     = {}
}
{%- if values.cloud.podSecurityGroup %}

variable "subnet_ids" {
  description = "Private subnets for the database and cache. Empty: the cluster VPC's subnets tagged with private_subnet_tags."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "Every subnet ID must look like subnet-0123456789abcdef0."
  }
}

variable "private_subnet_tags" {
  description = "Tags that find the cluster VPC's private subnets when subnet_ids is empty."
  type        = map(string)
  default     = { "kubernetes.io/role/internal-elb" = "1" }
}

variable "allowed_cidr_blocks" {
  description = "Extra CIDR blocks allowed to reach the database and cache, besides the service's pods (e.g. a bastion); none by default."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.allowed_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "Every entry must be a valid CIDR block, e.g. 10.0.0.0/16."
  }

  validation {
    condition     = !contains(var.allowed_cidr_blocks, "0.0.0.0/0") && !contains(var.allowed_cidr_blocks, "::/0")
    error_message = "The database and cache must not be reachable from anywhere."
  }
}
{%- endif %}
{%- if values.cloud.postgres %}

variable "postgres_engine_version" {
  description = "PostgreSQL major version (RDS picks the newest minor version)."
  type        = string
  default     = "17"

  validation {
    condition     = contains(["15", "16", "17"], var.postgres_engine_version)
    error_message = "The PostgreSQL version must be 15, 16 or 17."
  }
}

variable "postgres_instance_class" {
  description = "RDS instance class, e.g. db.t4g.micro."
  type        = string

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.postgres_instance_class))
    error_message = "The instance class must look like db.<family>.<size>, e.g. db.t4g.micro."
  }
}

variable "postgres_allocated_storage" {
  description = "Initial storage in GiB."
  type        = number

  validation {
    condition     = var.postgres_allocated_storage >= 20 && var.postgres_allocated_storage <= 65536 && floor(var.postgres_allocated_storage) == var.postgres_allocated_storage
    error_message = "Allocated storage must be a whole number of GiB between 20 and 65536."
  }
}

variable "postgres_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number

  validation {
    condition     = var.postgres_max_allocated_storage >= var.postgres_allocated_storage && var.postgres_max_allocated_storage <= 65536
    error_message = "The storage ceiling must be at least the allocated storage and at most 65536 GiB."
  }
}

variable "postgres_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number

  validation {
    condition     = var.postgres_backup_retention_days >= 1 && var.postgres_backup_retention_days <= 35
    error_message = "Backup retention must be between 1 and 35 days."
  }
}

variable "postgres_multi_az" {
  description = "Run a standby in a second availability zone."
  type        = bool
  default     = false
}
{%- endif %}
{%- if values.cloud.redis %}

variable "redis_engine_version" {
  description = "Redis OSS version of the replication group."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^[67]\\.[0-9]+$", var.redis_engine_version))
    error_message = "The Redis version must be 6.x or 7.x, e.g. 7.1."
  }
}

variable "redis_node_type" {
  description = "ElastiCache node type, e.g. cache.t4g.micro."
  type        = string

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.redis_node_type))
    error_message = "The node type must look like cache.<family>.<size>, e.g. cache.t4g.micro."
  }
}

variable "redis_num_cache_clusters" {
  description = "Nodes in the replication group: one primary plus replicas."
  type        = number

  validation {
    condition     = var.redis_num_cache_clusters >= 1 && var.redis_num_cache_clusters <= 6 && floor(var.redis_num_cache_clusters) == var.redis_num_cache_clusters
    error_message = "The replication group needs between 1 and 6 nodes."
  }
}

variable "redis_snapshot_retention_days" {
  description = "Days of automatic snapshots; 0 turns them off."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_snapshot_retention_days >= 0 && var.redis_snapshot_retention_days <= 35
    error_message = "Snapshot retention must be between 0 and 35 days."
  }
}
{%- endif %}
{%- if values.cloud.bucket %}

variable "bucket_noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed."
  type        = number
  default     = 90

  validation {
    condition     = var.bucket_noncurrent_version_expiration_days >= 1 && var.bucket_noncurrent_version_expiration_days <= 3650
    error_message = "Noncurrent versions must expire after 1 to 3650 days."
  }
}

variable "bucket_transition_to_ia_days" {
  description = "Days after which current objects move to STANDARD_IA; 0 keeps them in STANDARD."
  type        = number
  default     = 0

  validation {
    condition     = var.bucket_transition_to_ia_days == 0 || var.bucket_transition_to_ia_days >= 30
    error_message = "Objects can move to STANDARD_IA after 30 days at the earliest (or 0 to never move them)."
  }
}
{%- endif %}
