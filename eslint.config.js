// One flat config for the whole monorepo. Each workspace's `lint` script runs `eslint .` from its
// own folder; ESLint 9 finds this file by walking up from the working directory, and resolves the
// patterns below relative to this folder (the repository root).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/.svelte-kit/',
    '**/.wrangler/',
    '**/.turbo/',
    '**/.tools/',
    '**/test-results/',
    '**/coverage/',
    'packages/db/drizzle/',
  ]),

  js.configs.recommended,
  // Syntax-only typescript-eslint rules (no type information: fast, no tsconfig needed).
  tseslint.configs.recommended,
  svelte.configs.recommended,

  {
    name: 'binh-dang/globals',
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
  },

  {
    name: 'binh-dang/rules',
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'error',
      'no-implicit-coercion': ['error', { allow: ['!!'] }],
      'object-shorthand': ['error', 'properties'],
    },
  },

  {
    name: 'binh-dang/svelte-typescript',
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        // The parser for `<script lang="ts">` blocks and for `.svelte.ts` rune modules.
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
        projectService: false,
      },
    },
    rules: {
      // Svelte 5 runes are declared with `let` (`let { a } = $props()`, `let x = $derived(…)`);
      // the Svelte-aware variant knows them.
      'prefer-const': 'off',
      'svelte/prefer-const': ['error', { destructuring: 'all' }],
    },
  },

  {
    // TypeScript (tsc, svelte-check) already reports undefined names and knows type-only
    // globals that ESLint's scope analysis does not; `no-undef` only produces false positives.
    name: 'binh-dang/typescript-no-undef',
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },
);
