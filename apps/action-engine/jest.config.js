module.exports = { ...require('../../jest.preset.js'), displayName: 'action-engine', rootDir: __dirname };
