import tseslint from 'typescript-eslint';

const adapters = ['botbuilder', 'botbuilder-*', 'botframework-*', '@azure/*', 'node-cron', 'express', 'restify', 'node:http', 'node:https', 'http', 'https', 'pino', '@microsoft/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tab/dist/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain and the cards stay free of adapters: no SDKs, no HTTP, no environment.
    files: ['services/**/*.ts', 'cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: adapters, message: 'services/ and cards/ must not import adapters or SDKs; add a port instead.' },
            { group: ['**/bot/**', '**/infra/**', '**/app/**'], message: 'services/ and cards/ must not depend on outer layers.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in infra/config.ts only.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration in infra/config.ts only.' },
      ],
    },
  },
  {
    files: ['cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: adapters, message: 'cards/ must not import adapters or SDKs.' },
            { group: ['**/bot/**', '**/infra/**', '**/app/**', '**/services/*.service*'], message: 'cards/ may import only services/domain types.' },
          ],
        },
      ],
    },
  },
);
