provider "aws" {
  region = var.aws_region
  # Refuse to plan or apply with credentials of any other account.
  allowed_account_ids = ["111111111111"]

  default_tags {
    tags = {
      component    = var.name
      owner        = var.owner
      environment  = var.environment
      "managed-by" = "terraform"
    }
  }
}
