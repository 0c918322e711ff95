import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills in the defaults: one port, every address, ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8266, host: '0.0.0.0' });
    expect(config.dataDir).toBe(`${process.cwd()}/data`);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('stops with one message naming every bad variable', () => {
    expect(() => loadConfig({ KEEPSAKE_PORT: 'eighty', KEEPSAKE_MAX_UPLOAD_BYTES: '-1' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ KEEPSAKE_PORT: 'eighty', KEEPSAKE_MAX_UPLOAD_BYTES: '-1' });
    } catch (error) {
      expect((error as Error).message).toMatch(/KEEPSAKE_PORT/);
      expect((error as Error).message).toMatch(/KEEPSAKE_MAX_UPLOAD_BYTES/);
    }
  });
});
