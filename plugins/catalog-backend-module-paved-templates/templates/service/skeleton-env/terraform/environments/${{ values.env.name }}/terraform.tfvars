name            = ${{ values.name | dump }}
environment     = ${{ values.env.name | dump }}
namespace       = ${{ values.env.namespace | dump }}
service_account = ${{ values.name | dump }}
owner           = ${{ values.owner | dump }}
aws_region      = ${{ values.cloud.awsRegion | dump }}

# The EKS cluster of the ${{ values.env.name }} environment: its OIDC provider trusts the service account.
cluster_name = ${{ values.env.eksCluster | dump }}
