// Lint: typescript-eslint's recommended rules, strict about `any`; formatting is Prettier's job.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import libraryFace from './scripts/lint/libraryFace.mjs';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'coverage/', '**/generated/', '.cache/', '.data/', 'data/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // One public face per library: from outside feature-store/ or models/, import the library's
  // index.ts (tests may also use its testing/ helpers). The import-graph check
  // (.dependency-cruiser.cjs) enforces the floors and cycles; this catches deep imports as
  // they are typed.
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { spamgraph: { rules: { 'library-face': libraryFace } } },
    rules: { 'spamgraph/library-face': ['error', { libraries: ['feature-store', 'models'] }] },
  },
  {
    // A long procedure becomes named steps, each testable (tests' describe blocks excepted).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The React app: the rules of hooks (hooks at the top level, complete effect deps).
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
