import {
  IN_CLUSTER_SERVER,
  parsePlatformEnvironments,
  resolvePlatformEnvironment,
} from './platformEnvironments';

describe('parsePlatformEnvironments', () => {
  it('accepts no configuration at all', () => {
    expect(parsePlatformEnvironments(undefined)).toEqual({
      success: true,
      data: {},
    });
  });

  it('accepts a full configuration of every environment', () => {
    const input = {
      dev: { eksCluster: 'eks-dev', awsAccountId: '012345678901' },
      staging: { argocdServer: 'https://staging.k8s.example.com:6443' },
      prod: {
        eksCluster: 'eks_prod-1',
        argocdServer: 'https://prod.k8s.example.com',
        awsAccountId: '999999999999',
        stateKmsKey:
          'arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    };
    expect(parsePlatformEnvironments(input)).toEqual({
      success: true,
      data: input,
    });
  });

  it('names each problem with its path', () => {
    const result = parsePlatformEnvironments({
      qa: {},
      dev: { eksCluster: 'has space', argocdServer: 'http://insecure' },
      prod: { awsAccountId: 12345678901, region: 'eu-west-1' },
      staging: { awsAccountId: '1234', stateKmsKey: 'alias/terraform' },
    });
    expect(result.success).toBe(false);
    const problems = result.success ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dev\.eksCluster: must be an EKS cluster name/),
        'dev.argocdServer: must be the https URL of a cluster registered in Argo CD',
        'prod.awsAccountId: must be quoted in YAML: as a number it loses leading zeros',
        'staging.awsAccountId: must be 12 digits',
        expect.stringMatching(
          /^staging\.stateKmsKey: must be the ARN of a KMS key or alias/,
        ),
        'prod.region: is not a setting; the settings are eksCluster, argocdServer, awsAccountId and stateKmsKey',
        'qa: is not a Paved environment; the environments are dev, staging and prod',
      ]),
    );
    expect(problems).toHaveLength(7);
  });
});

describe('resolvePlatformEnvironment', () => {
  it('defaults to an EKS cluster per environment and the cluster Argo CD runs in', () => {
    expect(resolvePlatformEnvironment('staging')).toEqual({
      eksCluster: 'paved-staging',
      argocdServer: IN_CLUSTER_SERVER,
      awsAccountId: undefined,
      stateKmsKey: undefined,
    });
  });

  it('takes what the platform configured for that environment only', () => {
    const configured = {
      prod: { eksCluster: 'eks-prod', awsAccountId: '111111111111' },
    };
    expect(resolvePlatformEnvironment('prod', configured)).toEqual({
      eksCluster: 'eks-prod',
      argocdServer: IN_CLUSTER_SERVER,
      awsAccountId: '111111111111',
      stateKmsKey: undefined,
    });
    expect(resolvePlatformEnvironment('dev', configured).eksCluster).toBe(
      'paved-dev',
    );
  });
});
