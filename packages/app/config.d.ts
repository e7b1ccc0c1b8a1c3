export interface Config {
  paved?: {
    signIn?: {
      /**
       * The sign-in providers the app's sign-in page offers, in order. Each needs its backend
       * provider configured under auth.providers.<name>. `guest` is for development only: the
       * backend refuses it unless NODE_ENV=development. Default: [guest].
       * @visibility frontend
       */
      providers?: Array<'guest' | 'oidc' | 'github'>;
    };
  };
}
