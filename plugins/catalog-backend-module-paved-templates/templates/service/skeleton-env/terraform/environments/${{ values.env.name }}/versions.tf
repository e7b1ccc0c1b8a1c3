terraform {
  # 1.10 brings S3-native state locking (use_lockfile in backend.tf).
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
{%- if values.cloud.redis %}
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
{%- endif %}
  }
}
