provider "aws" {
  region = var.aws_region
{%- if values.env.awsAccountId %}
  # Refuse to plan or apply with credentials of any other account.
  allowed_account_ids = [${{ values.env.awsAccountId | dump }}]
{%- endif %}

  default_tags {
    tags = {
      component    = var.name
      owner        = var.owner
      environment  = var.environment
      "managed-by" = "terraform"
    }
  }
}
