# State in S3, one key per component and environment, locked with an S3 lock file, encrypted
# (kms_key_id: the platform's key for this environment, paved.templates.environments.<env>.stateKmsKey;
# without one, the bucket's default encryption). The bucket's region is the platform's.
terraform {
  backend "s3" {
    bucket       = "paved-terraform-state"
    key          = "orders-api/prod/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    kms_key_id   = "arn:aws:kms:eu-west-1:012345678901:alias/paved-terraform-state"
    use_lockfile = true
  }
}
