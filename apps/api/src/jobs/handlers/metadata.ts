import { type Db, schema } from '@keepsake/db';
import { eq, inArray } from 'drizzle-orm';
import { pairLivePhoto } from '../../assets/live-photo.js';
import { pickPrimary } from '../../assets/primary-resource.js';
import { KeepsakeError } from '../../errors.js';
import { assertBoxesComplete } from '../../media/check-complete.js';
import { readMetadata } from '../../media/read-metadata.js';
import { isVideoFormat, sniffFormat } from '../../media/sniff-format.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { Job } from '../queue.js';
import { step } from './step.js';

const { assets, files, resources } = schema;

/**
 * Reads a stored file's own metadata (capture time and zone, camera, lens, upright size,
 * duration, place, Live Photo key) onto every asset whose primary resource it is. What the
 * file says wins over what the phone's headers said; a value the file lacks keeps the header's.
 */
export function metadataHandler(deps: { db: Db; store: BlobStore; ffprobe: string }) {
  return async (job: Job): Promise<void> => {
    const file = deps.db.select().from(files).where(eq(files.id, job.subject)).get();
    if (!file) return;
    const path = deps.store.localPath(file.storageKey);
    const format = await sniffFormat(path);
    if (format === 'unknown') {
      throw new KeepsakeError(
        'UNSUPPORTED_FORMAT',
        'Keepsake does not recognise this file as a photo or video, so it has no metadata to read. The original is stored safely.',
        { step: 'read' },
      );
    }
    if (format === 'heif' || format === 'avif' || isVideoFormat(format)) await assertBoxesComplete(path);
    const facts = await step('read', () => readMetadata(path, format, deps.ffprobe));

    await step('record', async () =>
      deps.db.transaction((tx) => {
        const owners = tx
          .select({ assetId: resources.assetId })
          .from(resources)
          .where(eq(resources.fileId, file.id))
          .all()
          .map((r) => r.assetId);
        if (owners.length === 0) return;
        const siblings = tx.select().from(resources).where(inArray(resources.assetId, owners)).all();
        for (const asset of tx.select().from(assets).where(inArray(assets.id, owners)).all()) {
          if (pickPrimary(siblings.filter((r) => r.assetId === asset.id))?.fileId !== file.id) continue;
          const takenAt = facts.takenAt ?? asset.takenAt;
          tx.update(assets)
            .set({
              takenAt,
              takenAtOffset: facts.takenAt ? facts.takenAtOffset : asset.takenAtOffset,
              sortAt: takenAt ?? asset.sortAt,
              make: facts.make ?? asset.make,
              model: facts.model ?? asset.model,
              lens: facts.lens ?? asset.lens,
              width: facts.width ?? asset.width,
              height: facts.height ?? asset.height,
              durationMs: facts.durationMs ?? asset.durationMs,
              latitude: facts.latitude ?? asset.latitude,
              longitude: facts.longitude ?? asset.longitude,
              contentIdentifier: facts.contentIdentifier ?? asset.contentIdentifier,
            })
            .where(eq(assets.id, asset.id))
            .run();
        }
        if (facts.contentIdentifier) pairLivePhoto(tx, file.userId, facts.contentIdentifier);
      }),
    );
  };
}
