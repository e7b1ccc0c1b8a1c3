# Cloud resources of ${{ values.name }} in one environment. The environments under
# terraform/environments/ call this module with their own sizes.

locals {
  # Unique per environment, used to name everything this module creates.
  name = "${var.name}-${var.environment}"
{%- if values.cloud.any %}
  # Production keeps data on destroy, fails over and snapshots more.
  production = var.environment == "prod"
{%- endif %}

  tags = merge(var.tags, {
    component   = var.name
    environment = var.environment
  })

  oidc_issuer = trimprefix(data.aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://")
{%- if values.cloud.podSecurityGroup %}

  vpc_id                    = data.aws_eks_cluster.this.vpc_config[0].vpc_id
  cluster_security_group_id = data.aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  subnet_ids                = length(var.subnet_ids) > 0 ? var.subnet_ids : data.aws_subnets.private[0].ids
{%- endif %}
}
{%- if values.cloud.postgres or values.cloud.bucket %}

data "aws_caller_identity" "current" {}
{%- endif %}
{%- if values.cloud.postgres %}

data "aws_partition" "current" {}

data "aws_region" "current" {}
{%- endif %}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_iam_openid_connect_provider" "cluster" {
  url = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
}
{%- if values.cloud.podSecurityGroup %}

# Private subnets of the cluster's VPC, found by the tag the AWS load balancer controller uses,
# unless subnet_ids names them.
data "aws_subnets" "private" {
  count = length(var.subnet_ids) > 0 ? 0 : 1

  filter {
    name   = "vpc-id"
    values = [local.vpc_id]
  }

  tags = var.private_subnet_tags
}
{%- endif %}

# IAM role for the service's Kubernetes service account (IRSA): only pods running as
# system:serviceaccount:<namespace>:<service account> in this cluster can assume it.
data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "ServiceAccountWebIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.cluster.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "service" {
  name                 = local.name
  description          = "Service account ${var.namespace}/${var.service_account} of ${var.name} in ${var.environment}"
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  max_session_duration = 3600
  tags                 = local.tags
}
{%- if values.cloud.podSecurityGroup %}

# The service's own security group, which its pods get through the chart's SecurityGroupPolicy
# (security groups for pods): the database and the cache accept this group only, not every pod of
# the cluster. The pods keep the cluster's group too (pod_security_group_ids) for DNS and probes.
resource "aws_security_group" "pods" {
  name        = "${local.name}-pods"
  description = "Pods of ${var.name} in ${var.environment}"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-pods" })

  lifecycle {
    create_before_destroy = true
  }
}
{%- endif %}
