module.exports = { ...require('../../jest.preset.js'), displayName: 'template-sync', rootDir: __dirname };
