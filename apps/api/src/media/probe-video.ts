import { readQuickTimeKeys } from './quicktime-keys.js';
import { run } from './video-poster.js';

export interface VideoFacts {
  durationMs: number | null;
  /** Upright size: width and height swap for a video stored sideways (iPhone portrait clips). */
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  takenAtOffset: string | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  latitude: number | null;
  longitude: number | null;
  contentIdentifier: string | null;
}

/** Duration, upright size, capture time with its zone, camera, place and Live Photo key, from ffprobe. */
export async function probeVideo(ffprobe: string, path: string): Promise<VideoFacts> {
  const output = await run(ffprobe, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_entries',
    'format=duration:format_tags:stream=width,height:stream_side_data=rotation',
    '-select_streams',
    'v:0',
    path,
  ]);
  const probe = JSON.parse(output.toString('utf8')) as {
    format?: { duration?: string; tags?: Record<string, string> };
    streams?: { width?: number; height?: number; side_data_list?: { rotation?: number }[] }[];
  };
  // Apple's keys as Keepsake reads them win: ffprobe misses them when they are not in moov.
  const tags = { ...(probe.format?.tags ?? {}), ...(await readQuickTimeKeys(path)) };
  const stream = probe.streams?.[0] ?? {};
  const rotation =
    Math.abs(Number(stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0)) % 180;
  const sideways = rotation === 90;
  // Apple's Keys atom has the local time with its zone; creation_time (mvhd) is only UTC.
  const zoned = parseZoned(tags['com.apple.quicktime.creationdate']) ?? parseZoned(tags.creation_time);
  const place = parseIso6709(tags['com.apple.quicktime.location.ISO6709'] ?? tags.location);
  return {
    durationMs: probe.format?.duration ? Math.round(Number(probe.format.duration) * 1000) : null,
    width: (sideways ? stream.height : stream.width) ?? null,
    height: (sideways ? stream.width : stream.height) ?? null,
    takenAt: zoned?.date ?? null,
    takenAtOffset: zoned?.offset ?? null,
    make: tags['com.apple.quicktime.make'] ?? tags.make ?? null,
    model: tags['com.apple.quicktime.model'] ?? tags.model ?? null,
    lens: tags['com.apple.quicktime.camera.lens_model'] ?? null,
    latitude: place?.lat ?? null,
    longitude: place?.lon ?? null,
    contentIdentifier: tags['com.apple.quicktime.content.identifier'] ?? null,
  };
}

/** "2025-08-06T17:14:21-0500" or "2017-02-22T08:20:28.000000Z" → the instant and its offset. */
export function parseZoned(value: string | undefined): { date: Date; offset: string | null } | null {
  const match = value
    ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(value.trim())
    : null;
  if (!match) return null;
  const zone = match[2];
  const offset = !zone ? null : zone === 'Z' ? '+00:00' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${match[1]}${offset ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : { date, offset };
}

/** ISO 6709 "+34.7309-086.5870+191.315/" as Apple and Android write it. */
export function parseIso6709(value: string | undefined): { lat: number; lon: number } | null {
  const match = value ? /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)/.exec(value) : null;
  if (!match) return null;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return lat === 0 && lon === 0 ? null : { lat, lon };
}
