export * from './enums.js';
export * from './error-codes.js';
export * from './schemas/assets.js';
export * from './schemas/auth.js';
export * from './schemas/devices.js';
export * from './schemas/errors.js';
export * from './schemas/health.js';
export * from './schemas/uploads.js';
