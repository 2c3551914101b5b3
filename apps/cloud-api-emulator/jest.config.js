module.exports = { ...require('../../jest.preset.js'), displayName: 'cloud-api-emulator', rootDir: __dirname };
