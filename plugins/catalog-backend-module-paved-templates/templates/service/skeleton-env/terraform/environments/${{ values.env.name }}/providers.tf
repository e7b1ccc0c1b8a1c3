provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      component    = var.name
      owner        = var.owner
      environment  = var.environment
      "managed-by" = "terraform"
    }
  }
}
