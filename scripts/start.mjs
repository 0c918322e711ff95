// `npm start`: install if needed, build, then serve Keepsake (migrations run at start-up).
import { build, ensureInstalled, serve } from './lib/workspace.mjs';

ensureInstalled();
build();
serve(process.execPath, ['apps/api/dist/main.js']);
