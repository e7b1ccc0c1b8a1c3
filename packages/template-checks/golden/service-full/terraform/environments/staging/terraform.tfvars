name            = "orders-api"
environment     = "staging"
namespace       = "orders-api-staging"
service_account = "orders-api"
owner           = "group:default/product-team"
aws_region      = "eu-central-1"

# The EKS cluster of the staging environment: its OIDC provider trusts the service account.
cluster_name = "eks-nonprod"
