variable "name" {
  description = "Name of the service."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)) && length(var.name) <= 40
    error_message = "The name must be a DNS-1123 label of at most 40 characters."
  }
}

variable "environment" {
  description = "This environment's name."
  type        = string

  validation {
    condition     = var.environment == ${{ values.env.name | dump }}
    error_message = "This directory holds the ${{ values.env.name }} environment; environment must be ${{ values.env.name }}."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the service in this environment."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.namespace)) && length(var.namespace) <= 63
    error_message = "The namespace must be a DNS-1123 label of at most 63 characters."
  }
}

variable "service_account" {
  description = "Kubernetes service account of the service's pods (the chart's serviceAccount.name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$", var.service_account)) && length(var.service_account) <= 253
    error_message = "The service account must be a DNS-1123 subdomain."
  }
}

variable "owner" {
  description = "Entity reference of the owning team, tagged on every resource."
  type        = string

  validation {
    condition     = can(regex("^(group|user):[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$", var.owner))
    error_message = "The owner must be an entity reference such as group:default/team-a."
  }
}

variable "aws_region" {
  description = "AWS region of this environment's resources."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "The region must look like eu-west-1."
  }
}

variable "cluster_name" {
  description = "EKS cluster this environment deploys to."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", var.cluster_name))
    error_message = "The cluster name must be a valid EKS cluster name."
  }
}

variable "tags" {
  description = "Extra tags for this environment's resources."
  type        = map(string)
  default     = {}
}
{%- if values.cloud.podSecurityGroup %}

variable "allowed_cidr_blocks" {
  description = "Extra CIDR blocks allowed to reach the database and cache, besides the service's pods (e.g. a bastion); none by default."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.allowed_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "Every entry must be a valid CIDR block, e.g. 10.0.0.0/16."
  }
}
{%- endif %}
