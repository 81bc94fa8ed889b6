// Lint: typescript-eslint's type-aware recommended rules over the sources,
// the tests and the bench. Formatting is Prettier's job (`npm run format`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // bench/data holds generated fixtures, not sources.
  { ignores: ['dist/**', 'node_modules/**', 'db/**', 'bin/**', 'coverage/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused bindings are dead code; a leading underscore marks a deliberate one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The desk strips control characters from untrusted text on purpose.
      'no-control-regex': 'off',
      // An async function without an await yet keeps the Promise its callers expect (a command action, a test body, a bench step).
      '@typescript-eslint/require-await': 'off',
      // A variable read by a closure made before its one assignment (a server's handler, its app) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read the CLI's JSON output through JSON.parse (typed `any`) and
    // hand vitest's expect methods around: the unsafe-any family is noise there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
