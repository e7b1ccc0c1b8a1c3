// Runs a CLI of this package from its TypeScript sources, with no build step, through Backstage's
// Node transform (the one `backstage-cli package start` uses for backends). The module's
// `main(argv)` resolves with what it started (something with `stop()`) or undefined; SIGINT and
// SIGTERM stop it.
require('@backstage/cli-node/config/nodeTransform.cjs');

exports.runCli = function runCli(modulePath) {
  const { main } = require(modulePath);
  main(process.argv.slice(2)).then(
    started => {
      if (!started) return;
      const stop = () => started.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    error => {
      process.stderr.write(`${error.message ?? error}\n`);
      process.exit(1);
    },
  );
};
