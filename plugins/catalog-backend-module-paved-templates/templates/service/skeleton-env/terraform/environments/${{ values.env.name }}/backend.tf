# State in S3, one key per component and environment, locked with an S3 lock file.
terraform {
  backend "s3" {
    bucket       = ${{ values.cloud.stateBucket | dump }}
    key          = ${{ (values.name + "/" + values.env.name + "/terraform.tfstate") | dump }}
    region       = ${{ values.cloud.awsRegion | dump }}
    encrypt      = true
    use_lockfile = true
  }
}
