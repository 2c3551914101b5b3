import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * One lint gate for the whole workspace. Module boundaries keep apps thin and
 * libs independent (style.md habit 15); the promise rules are errors because a
 * forgotten await in a worker silently drops work.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.nx'] },
  {
    files: ['**/*.ts', 'apps/console/src/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:domain'] },
          ],
          banTransitiveDependencies: false,
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through @wabus/config (style.md habit 6).' },
        {
          selector: "CallExpression[callee.property.name='query']:matches([callee.object.name='dataSource'], [callee.object.property.name='dataSource'])",
          message: 'Run SQL through SqlRunner (inject POOL_SQL, or runStatements, runInTransaction): DataSource.query answers an UPDATE with [rows, count].',
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'undici', 'fastify'] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts', 'libs/testing/**/*.ts', 'libs/config/**/*.ts', '**/jest.config.ts', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
