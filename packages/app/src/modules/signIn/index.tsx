import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  createFrontendModule,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { oidcAuthApi } from './oidcAuthApi';
import { readSignInProviders } from './providers';

function PavedSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  return <SignInPage {...props} providers={readSignInProviders(configApi)} />;
}

// Replaces the app plugin's default sign-in page (`sign-in-page:app`, guest only).
const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => PavedSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
