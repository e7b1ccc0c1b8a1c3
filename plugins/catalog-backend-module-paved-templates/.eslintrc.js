module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The skeletons are the generated services' code, with their own package.json.
  ignorePatterns: ['templates/**'],
});
