// End-to-end suites start the built services (`npm test` builds first) as
// separate processes, as a user would, against the emulator.
module.exports = { ...require('../jest.preset.js'), displayName: 'e2e', rootDir: __dirname };
