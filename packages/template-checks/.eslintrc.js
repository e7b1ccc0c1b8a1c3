module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The golden snapshot is a generated service's code, with its own package.json.
  ignorePatterns: ['golden/**'],
});
