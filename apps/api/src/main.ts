// First, before the server starts: how V8 collects garbage in this process.
import './v8-flags.js';
import { ConfigError, loadConfig } from './config.js';
import { createKeepsake } from './keepsake.js';
import { createLogger } from './log.js';

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const keepsake = await createKeepsake(config, log);
  await keepsake.http.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const address = keepsake.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ event: 'server.listening', url: `http://${shown}:${port}`, dataDir: config.dataDir });
  // Printed plainly as well, for the person who just ran `npm start`.
  console.log(`Keepsake is running at http://${shown}:${port} (data in ${config.dataDir})`);
  const shutdown = async (signal: string) => {
    log.info({ event: 'server.stopping', signal });
    await keepsake.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
