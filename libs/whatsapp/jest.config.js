module.exports = { ...require('../../jest.preset.js'), displayName: 'whatsapp', rootDir: __dirname };
