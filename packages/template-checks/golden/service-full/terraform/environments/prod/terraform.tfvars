name            = "orders-api"
environment     = "prod"
namespace       = "orders-api-prod"
service_account = "orders-api"
owner           = "group:default/product-team"
aws_region      = "eu-central-1"

# The EKS cluster of the prod environment: its OIDC provider trusts the service account.
cluster_name = "eks-prod"
