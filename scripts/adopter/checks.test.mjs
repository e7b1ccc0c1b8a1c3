// node --test scripts/adopter/: reading `yarn why` for the adopter test's copy checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { versionsByDependent } from './checks.mjs';

const WHY = `├─ @backstage/core-compat-api@npm:0.5.15
│  └─ @backstage/frontend-plugin-api@npm:0.18.1 (via npm:^0.18.1)
│
├─ @backstage/core-plugin-api@npm:1.13.0 [24d02]
│  └─ @backstage/frontend-plugin-api@npm:1.0.0 [ef386] (via npm:^1.0.0 [5359e])
│
└─ @paved/plugin-paved-runtime@npm:0.1.0 [f87a9]
   └─ @backstage/frontend-plugin-api@virtual:abc#npm:2.0.0 [f87a9] (via npm:^2.0.0)
`;

test('versions under @paved packages are told apart from the app’s own', () => {
  const { paved, others } = versionsByDependent(
    WHY,
    '@backstage/frontend-plugin-api',
  );
  assert.deepEqual([...paved], ['2.0.0']);
  assert.deepEqual([...others].sort(), ['0.18.1', '1.0.0']);
});
