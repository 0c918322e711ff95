import { useState } from 'react';

/** The new device's key, shown once, with the QR code a phone scans to pair. */
export function PairingCard({
  name,
  apiKey,
  server,
  qrDataUrl,
  serverUnreachable,
  onDone,
}: {
  name: string;
  apiKey: string;
  server: string;
  qrDataUrl: string | null;
  serverUnreachable: boolean;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<boolean | 'failed'>(false);
  return (
    <section
      aria-label={`Pair ${name}`}
      className="rounded-xl border-2 border-sky-300 bg-sky-50 p-4 dark:border-sky-800 dark:bg-sky-950/40"
      data-testid="pairing-card"
    >
      <h2 className="font-semibold">Pair “{name}”</h2>
      <p className="mt-1 text-sm">
        In the Keepsake app on the phone, choose <em>Pair with a server</em> and scan this code. It holds the
        server's address and the device's key. <strong>The key is shown only now</strong>: Keepsake keeps only
        a fingerprint of it.
      </p>
      <div className="mt-3 flex flex-wrap items-start gap-4">
        {qrDataUrl ? (
          // biome-ignore lint/performance/noImgElement: a generated data URL, nothing to optimise
          <img
            src={qrDataUrl}
            alt={`Pairing code for ${name}`}
            width={264}
            height={264}
            className="rounded-lg bg-white"
          />
        ) : (
          <div className="size-[264px] animate-pulse rounded-lg bg-white" />
        )}
        <dl className="min-w-0 flex-1 space-y-2 text-sm">
          <div>
            <dt className="text-stone-500">Server</dt>
            <dd className="font-mono break-all">{server}</dd>
          </div>
          <div>
            <dt className="text-stone-500">Device key</dt>
            <dd className="font-mono break-all" data-testid="device-key">
              {apiKey}
            </dd>
          </div>
          <div className="flex gap-2 pt-1">
            <button
              type="button"
              // Browsers offer the clipboard only over HTTPS or on localhost; elsewhere say so.
              onClick={() =>
                (navigator.clipboard?.writeText(apiKey) ?? Promise.reject()).then(
                  () => setCopied(true),
                  () => setCopied('failed'),
                )
              }
              className="rounded-md border border-stone-300 bg-white px-3 py-1 dark:border-stone-700 dark:bg-stone-900"
            >
              {copied === 'failed' ? 'Select the key and copy it' : copied ? 'Copied' : 'Copy key'}
            </button>
            <button
              type="button"
              onClick={onDone}
              className="rounded-md bg-stone-900 px-3 py-1 font-medium text-white dark:bg-stone-100 dark:text-stone-900"
            >
              Done: the phone is paired
            </button>
          </div>
        </dl>
      </div>
      {serverUnreachable && (
        <p className="mt-3 text-sm text-amber-800 dark:text-amber-300" role="note">
          This page was opened as {server}, which a phone cannot reach. Open the dashboard by the server's
          network address (such as http://192.168.1.20:8266) and add the device from there, or type that
          address in the app.
        </p>
      )}
    </section>
  );
}
