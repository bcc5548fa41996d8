// `npm run lint` (and CI): typescript-eslint's type-checked rules, plus the layer rules of the
// README's ARCHITECTURE section, so a wrong import fails CI instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (message, group) => ({ group, message });

const REFUSAL_WORDS = {
  selector: 'ThrowStatement > NewExpression[callee.name=/^(BadRequest|Conflict|Forbidden|InvalidLink|ExpiredLink|TooManyRequests)Error$/]',
  message: 'Name the refusal’s words: throw new XError(detail, …).say(\'errKey\', values), with the key in src/i18n/messages.ts.',
};
const DEPS_FIRST = {
  selector: 'ExportNamedDeclaration > FunctionDeclaration > Identifier.params:first-child[name=/^(db|tx)$/]',
  message: 'A service takes its deps first ({ db }: DbDeps, or deps: ServiceDeps), not a database handle.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-output/', 'drizzle/', 'scripts/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Fastify's contract for handlers and hooks, and the job catalogue's for processors, is a
      // function returning a promise (a sync hook must call done()): `async` without `await` there
      // is the contract, not a slip.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read answers with inject's json(), typed `any` so a test can assert on any shape; the
    // assertions (toMatchObject, toEqual) are the type check there. Every other rule holds.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The launcher of the bundled programs runs in Node as it is (CommonJS, copied beside the bundles).
  { files: ['src/boot/**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/boot/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', Error: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The pages' own scripts (src/web/frame/browser) run in the browser as they are: no types, no build step.
  { files: ['src/web/frame/browser/**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/web/frame/browser/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'localStorage', 'fetch', 'URLSearchParams', 'TextEncoder', 'crypto', 'setTimeout', 'clearTimeout', 'setInterval', 'globalThis'].map((name) => [name, 'readonly']),
      ),
    },
  },

  // Layers: the API and the domain never import the pages (src/web) — only the composition root does.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/web/**', 'src/app.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        layer('The API and the domain never import the pages (src/web); move what both need below src/web.', ['**/web/*', '**/web']),
        layer('src/ may use src/queue (catalogue, drivers, outbox), never a processor or the worker: processors call services, not the reverse.', ['**/jobs/database/*', '**/jobs/senders/*', '**/jobs/worker*', '**/jobs/jobs-plugin*']),
      ] }],
    },
  },
  {
    files: ['src/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'drizzle-orm', message: 'Pages never query the database: call the capability\'s service.' }],
        patterns: [
          layer('Pages call services, never a processor or the worker.', ['**/jobs/database/*', '**/jobs/senders/*', '**/jobs/worker*', '**/jobs/jobs-plugin*', '**/*-jobs', '**/*-jobs.js']),
          { ...layer('Pages call services, never a data-access file: ask the service for what the page needs.', ['**/*-dal', '**/*-dal.js']), allowTypeImports: true },
        ],
      }],
    },
  },
  // Services and data access never import routes or pages.
  {
    files: ['src/**/*-service.ts', 'src/**/*-dal.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        layer('Services never import routes or pages: routes call services.', ['**/*-routes*', '**/*-pages*', '**/web/*']),
        layer('src/ may use the job catalogue, drivers and outbox, never a processor or the worker.', ['**/jobs/database/*', '**/jobs/senders/*', '**/jobs/worker*', '**/jobs/jobs-plugin*']),
      ] }],
    },
  },
  // Every refusal a person may see names its words in the catalogue (.say(key, values)), so a page
  // shows it in the visitor's language. The API-only guards (auth, health, routes) say it in English.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/auth/auth-plugin.ts', 'src/health/**', 'src/**/*-routes.ts', 'src/errors/**', 'src/http/problem-handler.ts', 'src/config/**'],
    rules: {
      'no-restricted-syntax': ['error', REFUSAL_WORDS],
    },
  },
  // One signature style: a service takes its deps first (app.deps, or `{ db: tx }` inside a
  // transaction), never a bare database handle.
  {
    files: ['src/**/*-service.ts', 'src/bookings/booking-decisions.ts', 'src/bookings/availability.ts', 'src/reports/impact-report.ts'],
    rules: {
      // (both rules here: a later config's setting of a rule replaces an earlier one's)
      'no-restricted-syntax': ['error', REFUSAL_WORDS, DEPS_FIRST],
    },
  },
  // Senders (npm run worker) never open the database: their jobs carry what they need.
  {
    files: ['jobs/senders/**/*.ts', 'jobs/worker.ts', 'src/channels/adapters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'better-sqlite3', message: 'Senders never open the database.' }, { name: 'drizzle-orm', message: 'Senders never open the database.' }],
        patterns: [
          { ...layer('Senders never open the database: put what they need in the job payload.', ['**/db/database*', '**/jobs/database/*', '**/*-service*', '**/*-dal*']), allowTypeImports: true },
          layer('Senders never import routes or pages.', ['**/*-routes*', '**/*-pages*', '**/web/*']),
        ],
      }],
    },
  },
);
