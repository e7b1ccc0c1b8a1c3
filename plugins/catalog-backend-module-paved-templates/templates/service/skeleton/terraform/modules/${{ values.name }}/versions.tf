terraform {
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
