# State in S3, one key per component and environment, locked with an S3 lock file.
terraform {
  backend "s3" {
    bucket       = "paved-terraform-state"
    key          = "orders-api/prod/terraform.tfstate"
    region       = "eu-central-1"
    encrypt      = true
    use_lockfile = true
  }
}
