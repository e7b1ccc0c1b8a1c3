export interface Config {
  paved?: {
    /** Local git hosting used by the `paved:publish:local` action. */
    localGit?: {
      /**
       * Directory that holds the bare repositories, one per published component.
       * Relative paths resolve against the backend's working directory.
       */
      directory?: string;
    };
  };
}
