import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@keepsake/db';
import { createUser, findUserByEmail } from './auth/users.js';
import { ConfigError, loadConfig } from './config.js';
import { addDevice } from './devices/devices.js';
import { isKeepsakeError } from './errors.js';

const usage = `Usage: npm run keepsake -- <command>

  user add --email <email> --password <password> [--admin]
  device add --user <email> --name <name> [--json]

Both use the data folder in KEEPSAKE_DATA_DIR (default ./data).`;

/** Home-lab automation and tests: manage users and devices without the dashboard. */
export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [noun, verb, ...rest] = argv;
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const { db, close } = openDatabase(path.join(config.dataDir, 'keepsake.sqlite'));
  try {
    if (noun === 'user' && verb === 'add') {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          password: { type: 'string' },
          admin: { type: 'boolean', default: false },
        },
      });
      if (!values.email || !values.password) throw new UsageError('user add needs --email and --password.');
      const user = await createUser(db, {
        email: values.email,
        password: values.password,
        role: values.admin ? 'admin' : 'member',
      });
      out(`Added ${user.role} ${user.email} (${user.id}).`);
      return 0;
    }
    if (noun === 'device' && verb === 'add') {
      const { values } = parseArgs({
        args: rest,
        options: {
          user: { type: 'string' },
          name: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      if (!values.user || !values.name) throw new UsageError('device add needs --user and --name.');
      const user = findUserByEmail(db, values.user);
      if (!user) throw new UsageError(`There is no user ${values.user}; add one with "user add" first.`);
      const device = addDevice(db, user.id, values.name);
      if (values.json) out(JSON.stringify(device));
      else
        out(`Added device "${device.name}" (${device.id}).\nIts API key, shown only now: ${device.apiKey}`);
      return 0;
    }
    throw new UsageError(
      noun ? `Unknown command "${[noun, verb].filter(Boolean).join(' ')}".` : 'No command given.',
    );
  } finally {
    close();
  }
}

class UsageError extends Error {}

const isEntry =
  process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '.js').endsWith(path.join('cli.js'));
if (isEntry) {
  try {
    process.exitCode = await runCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (isKeepsakeError(error) || error instanceof ConfigError) console.error(error.message);
    else throw error;
    process.exitCode = 2;
  }
}
