export * from './assets.js';
export * from './devices.js';
export * from './jobs.js';
export * from './uploads.js';
export * from './users.js';
