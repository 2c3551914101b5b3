module.exports = { ...require('../../jest.preset.js'), displayName: 'sender', rootDir: __dirname };
