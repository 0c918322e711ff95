// The job handlers and the media stack behind them (sharp, exifr, the HEIC decoder), in one module that
// keepsake.ts imports on the first job instead of at start: loading them takes about half a
// second, which a restarted server should not spend before it answers.
export { closeHeicDecoder } from '../../media/decode-heic.js';
export { metadataHandler } from './metadata.js';
export { thumbnailHandler } from './thumbnail.js';
