'use client';

import type { DeviceStatus, NewDevice } from '@keepsake/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useEffect, useState } from 'react';
import { Card, EmptyState, ErrorNote, Skeleton } from '~/components/card';
import { DeviceStateBadge, deviceState } from '~/components/device-status-list';
import { primaryButton } from '~/components/form';
import { formatDateTime, formatRelative, plural } from '~/components/format';
import { PairingCard } from '~/components/pairing-card';
import { pairingPayload, pairingQrDataUrl, unreachableFromPhone } from '~/lib/pairing-code';
import { useTRPC } from '~/trpc/react';

const field =
  'rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm dark:border-stone-700 dark:bg-stone-900';

export default function DevicesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery(trpc.overview.devices.queryOptions(undefined, { refetchInterval: 15_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.overview.devices.queryKey() });
  const [name, setName] = useState('');
  const [added, setAdded] = useState<NewDevice | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const add = useMutation(
    trpc.device.add.mutationOptions({
      onSuccess: (device) => {
        setAdded(device);
        setName('');
        void refresh();
      },
    }),
  );
  const server = typeof window === 'undefined' ? '' : window.location.origin;
  useEffect(() => {
    setQr(null);
    if (added) void pairingQrDataUrl(pairingPayload(server, added.apiKey)).then(setQr);
  }, [added, server]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ name });
  };
  const now = Date.now();

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Devices</h1>
      {added ? (
        <PairingCard
          name={added.name}
          apiKey={added.apiKey}
          server={server}
          qrDataUrl={qr}
          serverUnreachable={unreachableFromPhone(server)}
          onDone={() => {
            setAdded(null);
            void refresh();
          }}
        />
      ) : (
        <Card title="Add a device">
          <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
            <label className="flex flex-1 flex-col text-sm">
              <span className="text-stone-600 dark:text-stone-400">Name</span>
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
                placeholder="Anna's iPhone"
                className={`${field} mt-1`}
              />
            </label>
            <button type="submit" disabled={add.isPending} className={primaryButton}>
              {add.isPending ? 'Adding…' : 'Add device'}
            </button>
          </form>
          {add.error && (
            <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
              {add.error.message}
            </p>
          )}
        </Card>
      )}

      {devices.isError ? (
        <ErrorNote what="The devices" error={devices.error} />
      ) : !devices.data ? (
        <Skeleton className="h-32" />
      ) : devices.data.length === 0 ? (
        <EmptyState title="No device yet">
          Add your phone above, then scan its pairing code in the Keepsake app.
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {devices.data.map((device) => (
            <DeviceRow key={device.id} device={device} now={now} onChanged={refresh} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DeviceRow({ device, now, onChanged }: { device: DeviceStatus; now: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(device.name);
  const [confirming, setConfirming] = useState(false);
  const rename = useMutation(
    trpc.device.rename.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        onChanged();
      },
    }),
  );
  const revoke = useMutation(trpc.device.revoke.mutationOptions({ onSuccess: onChanged }));
  const { badge, note } = deviceState(device, now);
  const error = rename.error ?? revoke.error;
  return (
    <li
      className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm dark:border-stone-800 dark:bg-stone-900"
      data-testid="device"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        {editing ? (
          <form
            className="flex flex-wrap gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate({ deviceId: device.id, name });
            }}
          >
            <input
              aria-label="New name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
              className={field}
              // biome-ignore lint/a11y/noAutofocus: the person just asked to rename; the field is what they type into
              autoFocus
            />
            <button
              type="submit"
              disabled={rename.isPending}
              className="rounded-md bg-stone-900 px-3 py-1 text-sm text-white dark:bg-stone-100 dark:text-stone-900"
            >
              Save
            </button>
            <button
              type="button"
              onClick={() => setEditing(false)}
              className="rounded-md px-2 py-1 text-sm underline"
            >
              Cancel
            </button>
          </form>
        ) : (
          <div className="min-w-0">
            <h2 className="flex flex-wrap items-center gap-2 font-semibold">
              <span className="truncate">{device.name}</span>
              <DeviceStateBadge state={device.state} label={badge} />
            </h2>
            <p className="text-sm text-stone-500 dark:text-stone-400">{note}</p>
          </div>
        )}
        {!device.revokedAt && !editing && (
          <div className="flex gap-2 text-sm">
            <button
              type="button"
              onClick={() => setEditing(true)}
              className="rounded-md border border-stone-300 px-2 py-1 dark:border-stone-700"
            >
              Rename
            </button>
            {confirming ? (
              <>
                <button
                  type="button"
                  onClick={() => revoke.mutate({ deviceId: device.id })}
                  className="rounded-md bg-red-600 px-2 py-1 font-medium text-white"
                >
                  Revoke its key
                </button>
                <button type="button" onClick={() => setConfirming(false)} className="px-1 underline">
                  Keep it
                </button>
              </>
            ) : (
              <button
                type="button"
                onClick={() => setConfirming(true)}
                className="rounded-md border border-red-300 px-2 py-1 text-red-700 dark:border-red-800 dark:text-red-400"
              >
                Revoke
              </button>
            )}
          </div>
        )}
      </div>
      {confirming && (
        <p className="mt-2 text-sm text-red-700 dark:text-red-400">
          The phone stops uploading at once, also half-way through a file. Its photos stay in the library.
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-stone-500">Backed up</dt>
          <dd>{plural(device.assets, 'item', 'items')}</dd>
        </div>
        <div>
          <dt className="text-xs text-stone-500">Last upload</dt>
          <dd title={device.lastUploadAt ? formatDateTime(device.lastUploadAt) : undefined}>
            {device.lastUploadAt ? formatRelative(device.lastUploadAt, now) : 'Never'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-stone-500">Last contact</dt>
          <dd title={device.lastSeenAt ? formatDateTime(device.lastSeenAt) : undefined}>
            {device.lastSeenAt ? formatRelative(device.lastSeenAt, now) : 'Never'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-stone-500">Failures</dt>
          <dd>
            {device.failures ? (
              <Link
                href={`/failures/?device=${device.id}`}
                className="text-red-600 underline dark:text-red-400"
              >
                {device.failures}
              </Link>
            ) : (
              'None'
            )}
          </dd>
        </div>
      </dl>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
          {error.message}
        </p>
      )}
    </li>
  );
}
