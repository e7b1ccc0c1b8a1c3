# State in S3, one key per component and environment, locked with an S3 lock file, encrypted
# (kms_key_id: the platform's key for this environment, paved.templates.environments.<env>.stateKmsKey;
# without one, the bucket's default encryption). The bucket's region is the platform's.
terraform {
  backend "s3" {
    bucket       = ${{ values.cloud.stateBucket | dump }}
    key          = ${{ (values.name + "/" + values.env.name + "/terraform.tfstate") | dump }}
    region       = ${{ values.cloud.stateRegion | dump }}
    encrypt      = true
{%- if values.env.stateKmsKey %}
    kms_key_id   = ${{ values.env.stateKmsKey | dump }}
{%- endif %}
    use_lockfile = true
  }
}
