// `npm run keepsake -- <command>`: the command-line tool (users, devices) on the data folder.
import { build, ensureInstalled, serve } from './lib/workspace.mjs';

ensureInstalled();
build(['@keepsake/api']);
serve(process.execPath, ['apps/api/dist/cli.js', ...process.argv.slice(2)]);
