import type { DeviceStatus } from '@keepsake/shared';
import Link from 'next/link';
import { formatRelative, plural } from './format';

const tone = {
  uploading: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  attention: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  ok: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  quiet: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  neverConnected: 'bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300',
  revoked: 'bg-stone-200 text-stone-500 dark:bg-stone-800 dark:text-stone-400',
} as const;

/** The badge and the sentence that say where a device's backup stands. */
export function deviceState(device: DeviceStatus, now: number): { badge: string; note: string } {
  switch (device.state) {
    case 'uploading':
      return { badge: 'Uploading', note: `${plural(device.uploading, 'file', 'files')} arriving now` };
    case 'attention':
      return {
        badge: 'Needs a look',
        note: `${plural(device.failures, 'failure', 'failures')}: see Failures`,
      };
    case 'ok':
      return {
        badge: 'Backed up',
        note: device.lastUploadAt
          ? `Last upload ${formatRelative(device.lastUploadAt, now)}`
          : 'Connected; nothing uploaded yet',
      };
    case 'quiet':
      return {
        badge: 'Quiet',
        note: `Not heard from since ${formatRelative(device.lastSeenAt ?? device.createdAt, now)}: open Keepsake on it`,
      };
    case 'neverConnected':
      return { badge: 'Not connected', note: 'Scan its pairing code in the Keepsake app' };
    case 'revoked':
      return { badge: 'Revoked', note: 'Its key no longer works' };
  }
}

export function DeviceStateBadge({ state, label }: { state: DeviceStatus['state']; label: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[state]}`}>{label}</span>;
}

/** Devices at a glance: name, backup state, last contact, how much came from each. */
export function DeviceStatusList({ devices, now }: { devices: DeviceStatus[]; now: number }) {
  return (
    <ul className="divide-y divide-stone-200 dark:divide-stone-800">
      {devices.map((device) => {
        const { badge, note } = deviceState(device, now);
        return (
          <li
            key={device.id}
            className="flex flex-wrap items-center justify-between gap-2 py-2.5"
            data-testid="device-status"
          >
            <div className="min-w-0">
              <p className="truncate font-medium">{device.name}</p>
              <p className="text-xs text-stone-500 dark:text-stone-400">
                {device.state === 'attention' ? (
                  <Link href={`/failures/?device=${device.id}`} className="underline">
                    {note}
                  </Link>
                ) : (
                  note
                )}
                {' · '}
                {plural(device.assets, 'item', 'items')}
                {device.lastSeenAt && ` · seen ${formatRelative(device.lastSeenAt, now)}`}
              </p>
            </div>
            <DeviceStateBadge state={device.state} label={badge} />
          </li>
        );
      })}
    </ul>
  );
}
