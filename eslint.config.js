import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/**/*.generated.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }]
    }
  },
  {
    // The pure core decides everything and does no I/O: it must not reach for Actions, Octokit,
    // the file system or the adapters. node:crypto's createHash is the one exception: a digest is
    // a pure function (docs/adr/0002-node-crypto-in-the-pure-core.md).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:crypto',
              allowImportNames: ['createHash'],
              message: 'Only createHash: randomness and keys belong to the edge (src/runtime/).'
            }
          ],
          patterns: [
            '@actions/*',
            '@octokit/*',
            '@azure/*',
            '@microsoft/*',
            'node:*',
            '!node:crypto',
            'fs',
            '**/graph/**',
            '**/github/**',
            '**/collectors/**',
            '**/auth/**',
            '**/publish/**',
            '**/modes/**',
            '**/runtime/**'
          ]
        }
      ]
    }
  },
  {
    // Section declarations are data every layer reads: they import nothing but types.
    files: ['src/sections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@actions/*',
            '@octokit/*',
            '@azure/*',
            '@microsoft/*',
            'node:*',
            'fs',
            '**/graph/**',
            '**/github/**',
            '**/collectors/**',
            '**/auth/**',
            '**/publish/**',
            '**/modes/**',
            '**/runtime/**'
          ]
        }
      ]
    }
  },
  {
    // The publisher and the modes reach GitHub only through the ports in src/github (built by
    // main.ts), and the local machine only through what the host passes in.
    files: ['src/publish/**/*.ts', 'src/modes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@actions/*',
            '@octokit/*',
            'octokit-plugin-*',
            '**/github/octokit.js',
            'fs',
            'fs/*',
            'node:fs',
            'node:fs/*',
            'node:process',
            'node:child_process'
          ]
        }
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Take it from the host (environment, cwd).' }
      ]
    }
  }
  // Import cycles are refused by dependency-cruiser (npm run lint, .dependency-cruiser.mjs), which
  // sees type-only imports too.
)
