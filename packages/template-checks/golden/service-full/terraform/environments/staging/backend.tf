# State in S3, one key per component and environment, locked with an S3 lock file, encrypted
# (kms_key_id: the platform's key for this environment, paved.templates.environments.<env>.stateKmsKey;
# without one, the bucket's default encryption). The bucket's region is the platform's.
terraform {
  backend "s3" {
    bucket       = "paved-terraform-state"
    key          = "orders-api/staging/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}
