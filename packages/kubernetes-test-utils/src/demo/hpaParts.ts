import { CAPTURED_AT } from './derive';

export const target = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name,
});

export const condition = (
  type: string,
  status: string,
  reason: string,
  message: string,
) => ({
  type,
  status,
  lastTransitionTime: CAPTURED_AT,
  reason,
  message,
});
