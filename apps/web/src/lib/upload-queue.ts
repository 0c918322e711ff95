import type { UploadCheckResponse } from '@keepsake/shared';
import { clientHeader } from '@keepsake/shared/client-header';
import type * as Tus from 'tus-js-client';

/**
 * tus-js-client is loaded when it is first needed, not with the page: it is a third of the
 * Library page's own script, and the grid should not wait for it.
 */
const loadTus = () => import('tus-js-client');

import { maxHashedBytes, reprDigest, sha256Hex } from './sha256';

export type UploadState = 'waiting' | 'hashing' | 'checking' | 'uploading' | 'done' | 'skipped' | 'failed';

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  state: UploadState;
  sent: number;
  /** Resumed from an upload that an earlier visit started. */
  resumed: boolean;
  assetId: string | null;
  error: string | null;
}

export interface UploadSnapshot {
  items: readonly UploadItem[];
  /** Bytes per second over all uploads, measured over the last few seconds. */
  bytesPerSecond: number;
}

/** Two at a time keeps a home uplink busy without starving the dashboard's own requests. */
const concurrency = 2;
/** Chunks small enough for reverse proxies' body limits; progress is still smooth within one. */
const chunkSize = 16 * 1024 * 1024;
const checkBatch = 200;

/**
 * Browser uploads through the same resumable path a phone uses (IETF draft interop 6, via
 * tus-js-client): hash, ask the server what it already has, then send the rest, two at a time.
 * Each upload's URL is kept in localStorage under the file's fingerprint, so after a reload the
 * same file picks up where it stopped.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  private readonly files = new Map<string, File>();
  private readonly hashes = new Map<string, string>();
  private readonly running = new Map<string, Tus.Upload>();
  /** Items checked against the server (or too large to hash) that may be sent. */
  private readonly ready = new Set<string>();
  private snapshot: UploadSnapshot = { items: [], bytesPerSecond: 0 };
  private readonly listeners = new Set<() => void>();
  private samples: { at: number; sent: number }[] = [];
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private checking = false;
  private nextId = 0;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  add(files: File[]): void {
    for (const file of files) {
      // A local key only. Not crypto.randomUUID(): browsers offer it only over HTTPS or on
      // localhost, and a home server is often opened at http://<its LAN address>.
      const id = String(this.nextId++);
      this.files.set(id, file);
      this.items.push({
        id,
        name: file.webkitRelativePath || file.name,
        size: file.size,
        state: 'waiting',
        sent: 0,
        resumed: false,
        assetId: null,
        error: null,
      });
    }
    this.changed(true);
    void this.pump();
  }

  /** Forgets finished and skipped files; those still moving stay. */
  clearFinished(): void {
    this.items = this.items.filter((i) => !['done', 'skipped', 'failed'].includes(i.state));
    this.changed(true);
  }

  retry(id: string): void {
    this.update(id, { state: 'waiting', error: null, sent: 0 });
    void this.pump();
  }

  cancelAll(): void {
    for (const [id, upload] of this.running) {
      // `true` also deletes the server's partial upload.
      void upload.abort(true);
      this.update(id, { state: 'failed', error: 'Cancelled.' });
    }
    this.running.clear();
    // Files still being hashed or asked about are cancelled too: `checkWaiting` only puts back
    // in line the ones still in its hands.
    for (const item of this.items)
      if (['waiting', 'hashing', 'checking'].includes(item.state))
        this.update(item.id, { state: 'failed', error: 'Cancelled.' });
  }

  private async pump(): Promise<void> {
    if (!this.checking) await this.checkWaiting();
    const tus = await loadTus();
    for (const item of this.items) {
      if (this.running.size >= concurrency) break;
      if (item.state === 'waiting' && this.ready.has(item.id)) this.start(item, tus);
    }
  }

  private stateOf(id: string): UploadState | undefined {
    return this.items.find((i) => i.id === id)?.state;
  }

  /** Hashes the waiting files and asks the server which it has, in batches. */
  private async checkWaiting(): Promise<void> {
    this.checking = true;
    try {
      while (true) {
        const batch = this.items
          .filter((i) => i.state === 'waiting' && !this.ready.has(i.id))
          .slice(0, checkBatch);
        if (batch.length === 0) return;
        const entries: { id: string; sha256: string; size: number }[] = [];
        for (const item of batch) {
          const file = this.files.get(item.id)!;
          if (file.size > maxHashedBytes || file.size === 0) continue;
          if (this.stateOf(item.id) !== 'waiting') continue;
          this.update(item.id, { state: 'hashing' });
          try {
            const sha = await sha256Hex(file);
            this.hashes.set(item.id, sha);
            entries.push({ id: item.id, sha256: sha, size: file.size });
          } catch {
            // Unreadable here (moved, permissions): the upload will say so.
          }
          if (this.stateOf(item.id) === 'hashing') this.update(item.id, { state: 'checking' });
        }
        const known = entries.length ? await this.check(entries) : undefined;
        for (const item of batch) {
          const state = this.stateOf(item.id);
          if (state !== 'checking' && state !== 'waiting') continue; // cancelled meanwhile
          const result = known?.results.find((r) => r.id === item.id);
          if (result?.exists) {
            this.update(item.id, { state: 'skipped', assetId: result.assetId ?? null, sent: item.size });
          } else {
            this.update(item.id, { state: 'waiting' });
            this.ready.add(item.id);
          }
        }
        void this.pump();
      }
    } finally {
      this.checking = false;
    }
  }

  private async check(
    entries: { id: string; sha256: string; size: number }[],
  ): Promise<UploadCheckResponse | undefined> {
    try {
      const response = await fetch('/api/v1/uploads/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [clientHeader]: 'web' },
        body: JSON.stringify({ entries }),
      });
      if (!response.ok) return undefined;
      return (await response.json()) as UploadCheckResponse;
    } catch {
      // Without an answer everything is sent; the server still keeps identical bytes once.
      return undefined;
    }
  }

  private start(item: UploadItem, tus: typeof Tus): void {
    const file = this.files.get(item.id)!;
    const sha = this.hashes.get(item.id);
    const upload = new tus.Upload(file, {
      // `protocol` is missing from tus-js-client's type declarations though the code has it.
      ...({ protocol: 'ietf-draft-05' } as Partial<Tus.UploadOptions>),
      endpoint: `${window.location.origin}/api/v1/uploads`,
      chunkSize,
      retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000],
      headers: { [clientHeader]: 'web', ...(sha ? { 'repr-digest': reprDigest(sha) } : {}) },
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent) => this.update(item.id, { sent }),
      onSuccess: ({ lastResponse }) => {
        this.running.delete(item.id);
        this.update(item.id, {
          state: 'done',
          sent: file.size,
          assetId: lastResponse.getHeader('Keepsake-Asset-Id') ?? null,
        });
        void this.pump();
      },
      onError: (error) => {
        this.running.delete(item.id);
        this.update(item.id, { state: 'failed', error: describe(error) });
        void this.pump();
      },
      // A refusal (4xx other than a lost race or a rate limit) will not change by asking again.
      onShouldRetry: (error) => {
        const status = (error as Tus.DetailedError).originalResponse?.getStatus() ?? 0;
        return status === 0 || status >= 500 || [409, 423, 429].includes(status);
      },
    });
    this.running.set(item.id, upload);
    this.update(item.id, { state: 'uploading' });
    void upload.findPreviousUploads().then((previous) => {
      if (previous[0]) {
        upload.resumeFromPreviousUpload(previous[0]);
        this.update(item.id, { resumed: true });
      }
      upload.start();
    });
  }

  private update(id: string, patch: Partial<UploadItem>): void {
    this.items = this.items.map((item) => (item.id === id ? { ...item, ...patch } : item));
    this.changed(patch.state !== undefined);
  }

  /** Progress arrives many times a second; the page redraws at most five times a second for it. */
  private changed(now: boolean): void {
    if (now) {
      clearTimeout(this.notifyTimer);
      this.notifyTimer = undefined;
      this.publish();
    } else {
      this.notifyTimer ??= setTimeout(() => {
        this.notifyTimer = undefined;
        this.publish();
      }, 200);
    }
  }

  private publish(): void {
    const at = Date.now();
    const sent = this.items.reduce(
      (sum, i) => sum + (i.state === 'uploading' || i.state === 'done' ? i.sent : 0),
      0,
    );
    this.samples = [...this.samples.filter((s) => at - s.at < 5000), { at, sent }];
    const first = this.samples[0]!;
    const bytesPerSecond =
      at - first.at > 500 && this.running.size > 0 ? ((sent - first.sent) * 1000) / (at - first.at) : 0;
    this.snapshot = { items: this.items, bytesPerSecond: Math.max(0, bytesPerSecond) };
    for (const listener of this.listeners) listener();
  }
}

/** The server's own sentence when it sent one, else what the browser knows. */
function describe(error: Error): string {
  const response = (error as Tus.DetailedError).originalResponse;
  const body = response?.getBody();
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } };
      if (parsed.error?.message) return parsed.error.message;
    } catch {
      // Not JSON: fall through.
    }
  }
  return response
    ? `The server answered ${response.getStatus()}.`
    : 'The connection to the server was lost; try again.';
}

/** Uploads a previous visit left unfinished, by file name, from tus-js-client's URL storage. */
export async function interruptedUploads(): Promise<{ name: string; size: number | null }[]> {
  const tus = await loadTus();
  const stored = await tus.defaultOptions.urlStorage.findAllUploads();
  return stored.map((entry) => ({ name: entry.metadata.filename ?? 'a file', size: entry.size ?? null }));
}
