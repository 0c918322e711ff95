import { type Db, schema } from '@keepsake/db';
import { and, eq, inArray } from 'drizzle-orm';

const { assets, resources, uploads } = schema;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const motionTypes = ['video', 'fullSizeVideo', 'pairedVideo'] as const;

/**
 * Joins a Live Photo whose still and motion arrived as separate uploads (from a client that
 * does not send the phone's asset id, or a folder copied from a Mac). Apple writes the same
 * ContentIdentifier into both files; whichever is read second finds the other. The motion
 * resource moves into the still's asset as its `pairedVideo` and the motion's own asset goes.
 * Returns the id of the asset that holds the pair, if a pair was made.
 */
export function pairLivePhoto(tx: Tx, userId: string, contentIdentifier: string): string | undefined {
  const candidates = tx
    .select()
    .from(assets)
    .where(and(eq(assets.userId, userId), eq(assets.contentIdentifier, contentIdentifier)))
    .all();
  const still = candidates.find((a) => a.kind === 'photo' || a.kind === 'livePhoto');
  if (!still) return undefined;
  const stillTypes = new Set(
    tx
      .select({ type: resources.type })
      .from(resources)
      .where(eq(resources.assetId, still.id))
      .all()
      .map((r) => r.type),
  );
  let paired = stillTypes.has('pairedVideo');
  for (const motion of candidates.filter((a) => a.kind === 'video')) {
    if (paired) break;
    const motionResources = tx.select().from(resources).where(eq(resources.assetId, motion.id)).all();
    const clip = motionResources.find((r) => (motionTypes as readonly string[]).includes(r.type));
    if (!clip) continue;
    tx.update(resources)
      .set({ assetId: still.id, type: 'pairedVideo' })
      .where(eq(resources.id, clip.id))
      .run();
    tx.update(uploads).set({ assetId: still.id }).where(eq(uploads.assetId, motion.id)).run();
    if (motionResources.length === 1) tx.delete(assets).where(eq(assets.id, motion.id)).run();
    paired = true;
  }
  if (!paired) return undefined;
  tx.update(assets)
    .set({ kind: 'livePhoto' })
    .where(and(eq(assets.id, still.id), inArray(assets.kind, ['photo', 'livePhoto'])))
    .run();
  return still.id;
}
