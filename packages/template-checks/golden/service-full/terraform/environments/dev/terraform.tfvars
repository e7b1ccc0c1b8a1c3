name            = "orders-api"
environment     = "dev"
namespace       = "orders-api-dev"
service_account = "orders-api"
owner           = "group:default/product-team"
aws_region      = "eu-central-1"

# The EKS cluster of the dev environment: its OIDC provider trusts the service account.
cluster_name = "eks-nonprod"
