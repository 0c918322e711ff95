// `pnpm dev` / `npm run dev`: the API with tsx watch and the dashboard with Next's dev server.
import { ensureInstalled, serve } from './lib/workspace.mjs';

ensureInstalled();
console.log('Dashboard with hot reload: http://localhost:3000 (API on http://localhost:8266)');
serve('corepack', ['pnpm', 'turbo', 'run', 'dev', '--filter=@keepsake/api', '--filter=@keepsake/web']);
