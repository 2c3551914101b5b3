// Shared Jest settings: SWC transpiles TypeScript with decorator metadata (NestJS
// dependency injection needs it); types are checked once by `npm run typecheck`.
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: [require.resolve('./tools/jest/setup-env.js')],
  setupFilesAfterEnv: [require.resolve('./tools/jest/setup-timeout.js')],
};
