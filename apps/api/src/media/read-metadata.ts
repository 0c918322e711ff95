import fs from 'node:fs/promises';
import exifr from 'exifr';
import sharp from 'sharp';
import { appleContentIdentifier } from './apple-maker-note.js';
import { readRawPreview } from './dng-preview.js';
import { probeVideo, type VideoFacts } from './probe-video.js';
import { isVideoFormat, type MediaFormat } from './sniff-format.js';

/** What a file says about itself; the phone's headers are only a fallback. */
export type MediaFacts = VideoFacts;

/**
 * Reads capture time (with its offset), camera, lens, upright size, place, duration and the Live
 * Photo key. Photos through exifr (pure JavaScript, in-process); videos through ffprobe, which
 * Keepsake already needs for posters.
 */
export async function readMetadata(path: string, format: MediaFormat, ffprobe: string): Promise<MediaFacts> {
  if (isVideoFormat(format)) return probeVideo(ffprobe, path);
  // The container's own header gives the real upright size: EXIF sizes describe the capture and
  // go stale when a photo is cropped. It also hands over the EXIF block of WebP and GIF, which
  // exifr does not open.
  const header = await sharp(path).metadata();
  // A raw file's first image is a small preview; the sensor's size is in a SubIFD.
  const rawPreview = format === 'tiff' ? await readRawPreview(path) : undefined;
  const turned = (rawPreview?.orientation ?? 1) >= 5;
  const raw = rawPreview?.width
    ? {
        width: turned ? rawPreview.height : rawPreview.width,
        height: turned ? rawPreview.width : rawPreview.height,
      }
    : undefined;
  // DNG keeps large tags past exifr's first 64 KB chunk: raw files are read whole.
  const source =
    format === 'webp' || format === 'gif' ? header.exif : format === 'tiff' ? await fs.readFile(path) : path;
  const tags =
    source === undefined
      ? undefined
      : ((await exifr.parse(source, {
          tiff: true,
          exif: true,
          gps: true,
          xmp: false,
          icc: false,
          iptc: false,
          ihdr: true,
          makerNote: true,
          reviveValues: false,
          translateValues: false,
        })) as Record<string, unknown> | undefined);
  const text = (key: string) => {
    const value = tags?.[key];
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };
  const number = (key: string) => {
    const value = tags?.[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const original = text('DateTimeOriginal');
  const local = exifLocal(original ?? text('CreateDate'));
  const offset = normaliseOffset(
    text(original ? 'OffsetTimeOriginal' : 'OffsetTimeDigitized') ?? text('OffsetTime'),
  );
  const make = text('Make');
  return {
    // Without an offset the wall-clock time is kept as if UTC: the library still sorts and shows
    // the time the camera displayed.
    takenAt: local ? new Date(`${local}${offset ?? 'Z'}`) : null,
    takenAtOffset: offset,
    make,
    model: text('Model'),
    lens: text('LensModel'),
    width: raw ? raw.width : (header.autoOrient?.width ?? header.width ?? null),
    height: raw ? raw.height : (header.autoOrient?.height ?? header.height ?? null),
    durationMs: null,
    latitude: number('latitude'),
    longitude: number('longitude'),
    contentIdentifier:
      make === 'Apple' ? appleContentIdentifier(tags?.makerNote as Uint8Array | undefined) : null,
  };
}

function exifLocal(value: string | null): string | null {
  const match = value ? /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : null;
}

function normaliseOffset(value: string | null): string | null {
  if (!value) return null;
  if (value === 'Z') return '+00:00';
  return /^[+-]\d\d:\d\d$/.test(value) ? value : null;
}
