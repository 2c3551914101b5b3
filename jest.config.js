// `npm test` runs every project's Jest suite in one run, so there is one
// scratch database and one summary line for the whole workspace.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js', '<rootDir>/e2e/jest.config.js', '<rootDir>/deploy/jest.config.js', '<rootDir>/examples/*/jest.config.js'],
  globalSetup: require.resolve('./tools/jest/global-setup.js'),
  globalTeardown: require.resolve('./tools/jest/global-teardown.js'),
};
