export interface Config {
  paved?: {
    runtime?: {
      /**
       * How often the runtime cards and the Runtime tab read the runtime API again, in
       * seconds. Default 30; 0 turns refreshing off.
       * @visibility frontend
       */
      refreshIntervalSeconds?: number;
    };
  };
}
