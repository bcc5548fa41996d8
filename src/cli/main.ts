import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { withEnvFile } from '../config/env-file.js';
import { backupDatabase, openDatabase, restoreDatabase } from '../db/database.js';
import { resolveSecretKey } from '../config/secret-key.js';
import { ORGANIZATION_KINDS, ROLES, LANGUAGES } from '../db/schema.js';
import { signInUrl } from '../auth/signin-links.js';
import { HttpError } from '../errors/http-errors.js';
import { createMember, findMemberByEmail } from '../members/members-service.js';
import { createOrganization } from '../organizations/organizations-service.js';
import { CatalogueImportError, importCatalogue } from '../green-channel/catalogue-import.js';
import { dataSubject } from '../privacy/personal-records.js';
import { eraseAudited, exportAudited } from '../privacy/privacy-requests.js';
import { listErasures } from '../privacy/erasure-log.js';
import { nowMs } from '../time/clock.js';

const USAGE = `Usage: npm run -s cli -- <command> [options]

Commands:
  migrate                                   apply database migrations
  create-organization --name NAME --kind KIND [--contact-email EMAIL]
                                            KIND: ${ORGANIZATION_KINDS.join(', ')}; prints the new id last
  create-member --organization ID --name NAME --email EMAIL --role ROLE [--language LANG]
                                            ROLE: ${ROLES.join(', ')}; prints the API token last
  signin-link --email EMAIL                 prints a single-use sign-in link for the site (15 minutes)
  import-services FILE                      loads a green-channel catalogue from CSV (columns in the README;
                                            samples/green-channel-catalogue.sample.csv is a sample); a bad row
                                            is reported with its line number and nothing is imported
  privacy-export --email EMAIL | --mobile N prints, as JSON, everything held about the person (audited)
  privacy-erase --email EMAIL | --mobile N  erases everything held about the person (PIPL; audited);
                                            prints what was erased, as counts
  privacy-erasures [--limit N]              prints, as JSON, the latest erasures (when, why, by whom, counts)
                                            and the next nightly retention run
  backup FILE                               online backup of the database (safe while the service runs)
  restore FILE                              puts a backup in the database's place (stop the service first)

Configuration comes from the environment and .env, as for npm start.`;

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      'contact-email': { type: 'string' },
      organization: { type: 'string' },
      email: { type: 'string' },
      mobile: { type: 'string' },
      limit: { type: 'string' },
      role: { type: 'string' },
      language: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(withEnvFile());
  // Same as the service: a copy before an upgrade goes beside the nightly backups.
  const opening = () => ({ backupDir: config.backupDir, now: nowMs() });
  const openConfigured = () => openDatabase(config.databasePath, opening());

  switch (command) {
    case 'migrate': {
      openConfigured().$client.close();
      console.log(`Database ${config.databasePath} is up to date.`);
      return;
    }
    case 'create-organization': {
      const db = openConfigured();
      const kind = oneOf(required(values, 'kind'), ORGANIZATION_KINDS, 'kind')!;
      const organization = createOrganization({ db }, { name: required(values, 'name'), kind, contactEmail: values['contact-email'] });
      db.$client.close();
      console.log(`Created organization "${organization.name}" (${organization.kind}) with id:`);
      console.log(organization.id);
      return;
    }
    case 'create-member': {
      const organizationId = Number(required(values, 'organization'));
      if (!Number.isSafeInteger(organizationId) || organizationId < 1) throw new UsageError('--organization must be an organization id.');
      const db = openConfigured();
      const { member, token } = createMember({ db, publicUrl: config.publicUrl, secretKey: resolveSecretKey(config, () => {}) }, organizationId, {
        name: required(values, 'name'),
        email: required(values, 'email'),
        role: oneOf(required(values, 'role'), ROLES, 'role')!,
        language: oneOf(values.language, LANGUAGES, 'language'),
      });
      db.$client.close();
      console.log(`Created ${member.role} ${member.name} <${member.email}> with id ${member.id}. API token (shown once):`);
      console.log(token);
      return;
    }
    case 'signin-link': {
      // For operators and first steps: the link /signin would mail, without waiting for mail.
      const email = required(values, 'email').trim().toLowerCase();
      const db = openConfigured();
      const member = findMemberByEmail({ db }, email);
      db.$client.close();
      if (!member) throw new UsageError(`No member has the email ${email}.`);
      if (member.deactivatedAt) throw new UsageError(`${member.name} <${member.email}> is deactivated; they cannot sign in.`);
      console.log(`Sign-in link for ${member.name} <${member.email}> (works once, for 15 minutes):`);
      console.log(signInUrl(resolveSecretKey(config, () => {}), config.publicUrl, member.id));
      return;
    }
    case 'import-services': {
      const file = rest[0];
      if (!file) throw new UsageError('import-services needs a CSV file: import-services FILE.csv.');
      if (!fs.existsSync(file)) throw new UsageError(`No file ${file}.`);
      const db = openConfigured();
      try {
        const done = importCatalogue({ db }, fs.readFileSync(file, 'utf8'));
        console.log(`Imported ${done.items} services in ${done.categories} categories from ${file}.`);
      } finally {
        db.$client.close();
      }
      return;
    }
    case 'privacy-export':
    case 'privacy-erase': {
      if (!values.email && !values.mobile) throw new UsageError(`${command} needs --email or --mobile.`);
      const subject = dataSubject({ email: values.email, mobile: values.mobile });
      const db = openConfigured();
      const deps = { db, publicUrl: config.publicUrl, secretKey: resolveSecretKey(config, () => {}) };
      const actor = { memberId: null, via: 'cli' } as const;
      try {
        const answer = command === 'privacy-export' ? exportAudited(deps, subject, actor) : { erased: eraseAudited(deps, subject, actor) };
        console.log(JSON.stringify(answer, null, 2));
      } finally {
        db.$client.close();
      }
      return;
    }
    case 'privacy-erasures': {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('privacy-erasures --limit takes a whole number from 1 to 200.');
      const db = openConfigured();
      try {
        console.log(JSON.stringify(listErasures({ db }, { limit }), null, 2));
      } finally {
        db.$client.close();
      }
      return;
    }
    case 'backup': {
      const target = rest[0];
      if (!target) throw new UsageError('backup needs a target file: backup FILE.');
      await backupDatabase(config.databasePath, target);
      console.log(`Backed up ${config.databasePath} to ${target}.`);
      return;
    }
    case 'restore': {
      const source = rest[0];
      if (!source) throw new UsageError('restore needs a backup file: restore FILE.');
      restoreDatabase(source, config.databasePath, opening());
      console.log(`Restored ${config.databasePath} from ${source}. Start the service again.`);
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

// Not a top-level await: the bundled CLI (scripts/bundle.mjs) is a CommonJS program.
run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
  } else if (error instanceof ConfigError || error instanceof HttpError || error instanceof CatalogueImportError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
});
