export interface Config {
  paved?: {
    /**
     * Local git hosting used by the `paved:publish:local` action and read back by the catalog
     * through this package's URL reader.
     */
    localGit?: {
      /**
       * Directory that holds the bare repositories, `<name>.git`, one per published component.
       * Relative paths resolve against the backend's working directory. Defaults to
       * `.paved/git`. Every repository in it is readable by anyone who may register catalog
       * locations.
       */
      directory?: string;
    };
    /** Settings of the Paved software templates. */
    templates?: {
      /**
       * S3 bucket that generated services keep their Terraform state in, one key per component
       * and environment. Defaults to `paved-terraform-state`.
       */
      terraformStateBucket?: string;
      /**
       * Base URL of the platform's Grafana (for example `https://grafana.example.com`). Generated
       * catalog entries link to their service's dashboard there; without it they have no link.
       */
      grafanaUrl?: string;
    };
  };
}
